package apidest

import "github.com/eventrail/eventrail/internal/paging"

// page cuts a key-sorted list into one page (see internal/paging: at most limit items,
// default 100, after the token's key, and the next page's token, "" when none). A NextToken
// that paging did not issue is AWS's ValidationException.
func page[T any](items []T, key func(T) string, token string, limit *int) ([]T, string, error) {
	out, next, err := paging.Page(items, key, token, limit)
	if err != nil {
		return nil, "", validationError("The NextToken provided is not valid.")
	}
	return out, next, nil
}
