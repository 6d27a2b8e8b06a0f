package eventrail

// AddSensitive records that a sensitive member (a password, a secret, an API key) at path failed
// constraint. AWS leaves the value out of such messages: "Value at 'path' failed to satisfy
// constraint: c".
func (v *Violations) AddSensitive(path, constraint string) {
	v.items = append(v.items, "Value at '"+path+"' failed to satisfy constraint: "+constraint)
}
