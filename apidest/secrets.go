package apidest

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
)

// Connection credentials at rest. With Options.SecretKey set, a stored connection keeps only
// the redacted AuthParameters in clear and the full ones sealed with AES-GCM (the connection
// ARN as additional data, so a sealed block cannot be moved to another connection). Without a
// key, credentials are stored in clear, as the KV's own protection allows.

// errNoKey reports a sealed connection read by a server without the key.
var errNoKey = errors.New("apidest: the connection's credentials are sealed with a key this server does not have")

// newSealer returns the AEAD for key (16, 24 or 32 bytes), or nil for no key.
func newSealer(key []byte) (cipher.AEAD, error) {
	if len(key) == 0 {
		return nil, nil
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("apidest: Options.SecretKey: %w", err)
	}
	return cipher.NewGCM(block)
}

// encodeConnection returns the stored form of c.
func (s *Service) encodeConnection(c connection) []byte {
	c.Sealed = nil
	if s.sealer != nil {
		nonce := make([]byte, s.sealer.NonceSize())
		_, _ = rand.Read(nonce)
		c.Sealed = s.sealer.Seal(nonce, nonce, mustJSON(c.Auth), []byte(c.Arn))
		if !c.Wiped {
			c.Auth = redact(c.Auth)
		}
	}
	return mustJSON(c)
}

// decodeConnection reads a stored connection, unsealing its credentials. A sealed connection
// read without the key keeps its redacted parameters and reports errNoKey beside it.
func (s *Service) decodeConnection(b []byte) (connection, error) {
	var c connection
	if err := json.Unmarshal(b, &c); err != nil {
		return c, err
	}
	if len(c.Sealed) == 0 {
		return c, nil
	}
	if s.sealer == nil || len(c.Sealed) < s.sealer.NonceSize() {
		c.Sealed = nil
		return c, errNoKey
	}
	n := s.sealer.NonceSize()
	plain, err := s.sealer.Open(nil, c.Sealed[:n], c.Sealed[n:], []byte(c.Arn))
	c.Sealed = nil
	if err != nil {
		return c, errNoKey
	}
	var auth AuthParameters
	if err := json.Unmarshal(plain, &auth); err != nil {
		return c, errNoKey
	}
	c.Auth = auth
	return c, nil
}
