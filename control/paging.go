package control

import (
	"encoding/base64"
	"strings"
)

// Paging: a NextToken is the opaque, URL-safe base64 of "v1:" plus the sort key of the last
// item returned; the next page starts after that key. Tokens stay valid when items are added
// or removed between calls.

const tokenPrefix = "v1:"

func encodeToken(lastKey string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(tokenPrefix + lastKey))
}

// decodeToken returns the key a NextToken resumes after; "" when token is empty.
func decodeToken(token string) (string, error) {
	if token == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || !strings.HasPrefix(string(b), tokenPrefix) {
		return "", validationError("The NextToken provided is not valid.")
	}
	return strings.TrimPrefix(string(b), tokenPrefix), nil
}

// page cuts a key-sorted list into one page: the items whose key is after the token's key,
// at most limit of them (default 100), and the token of the next page ("" when none).
func page[T any](items []T, key func(T) string, token string, limit *int) ([]T, string, error) {
	after, err := decodeToken(token)
	if err != nil {
		return nil, "", err
	}
	n := 100
	if limit != nil {
		n = *limit
	}
	start := 0
	if after != "" {
		for start < len(items) && key(items[start]) <= after {
			start++
		}
	}
	items = items[start:]
	if len(items) <= n {
		return items, "", nil
	}
	return items[:n], encodeToken(key(items[n-1])), nil
}
