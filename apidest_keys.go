package eventrail

// KV layout of connections and API destinations (package apidest writes them in the control
// bucket, KVBucketControl). Values are apidest's stored records, secrets included: do not
// expose them.
const (
	// KeyConnectionPrefix + connection name → a connection.
	KeyConnectionPrefix = "connection/"
	// KeyAPIDestinationPrefix + API destination name → an API destination.
	KeyAPIDestinationPrefix = "apidest/"
)

// ConnectionKey returns the KV key of a connection.
func ConnectionKey(name string) string { return KeyConnectionPrefix + name }

// APIDestinationKey returns the KV key of an API destination.
func APIDestinationKey(name string) string { return KeyAPIDestinationPrefix + name }
