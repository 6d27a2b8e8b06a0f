// Package paging cuts key-sorted lists into the pages of AWS List* operations (NextToken /
// Limit). A NextToken is the opaque, URL-safe base64 of "v1:" plus the sort key of the last
// item returned; the next page starts after that key, so tokens stay valid when items are
// added or removed between calls. Callers map ErrInvalidToken to their service's AWS error.
// Everything here is a pure function, safe for concurrent use.
package paging

import (
	"encoding/base64"
	"errors"
	"strings"
)

// DefaultLimit is the page size when the request gives no Limit.
const DefaultLimit = 100

const tokenPrefix = "v1:"

// ErrInvalidToken reports a NextToken that no EncodeToken produced.
var ErrInvalidToken = errors.New("paging: invalid NextToken")

// EncodeToken returns the NextToken of a page whose last item has key lastKey.
func EncodeToken(lastKey string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(tokenPrefix + lastKey))
}

// DecodeToken returns the key a NextToken resumes after; "" when token is empty, and
// ErrInvalidToken when token is not one EncodeToken made.
func DecodeToken(token string) (string, error) {
	if token == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || !strings.HasPrefix(string(b), tokenPrefix) {
		return "", ErrInvalidToken
	}
	return strings.TrimPrefix(string(b), tokenPrefix), nil
}

// Page cuts items, sorted by key, into one page: the items whose key is after the token's
// key, at most *limit of them (DefaultLimit when limit is nil), and the token of the next page
// ("" when none). The page shares items' backing array. The error is ErrInvalidToken.
func Page[T any](items []T, key func(T) string, token string, limit *int) ([]T, string, error) {
	after, err := DecodeToken(token)
	if err != nil {
		return nil, "", err
	}
	n := DefaultLimit
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
	return items[:n], EncodeToken(key(items[n-1])), nil
}
