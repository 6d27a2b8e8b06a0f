package apidest

import (
	"encoding/base64"
	"strings"
)

// A NextToken is the URL-safe base64 of "v1:" plus the name of the last item returned; the
// next page starts after it, so tokens survive items being added or removed between calls.

const tokenPrefix = "v1:"

func encodeToken(lastKey string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(tokenPrefix + lastKey))
}

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

// page cuts a key-sorted list into one page of at most limit items (default 100) after the
// token's key, and returns the next page's token ("" when none).
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
