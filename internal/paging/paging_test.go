package paging

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

func names(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("item-%03d", i)
	}
	return out
}

func id(s string) string { return s }

func TestPageWalksEveryItemOnce(t *testing.T) {
	for _, tc := range []struct {
		items int
		limit *int
		pages int
	}{
		{0, nil, 1},
		{100, nil, 1},
		{101, nil, 2},
		{7, ptr(3), 3},
		{6, ptr(3), 2},
		{5, ptr(1), 5},
	} {
		t.Run(fmt.Sprintf("%d/%v", tc.items, tc.limit), func(t *testing.T) {
			all := names(tc.items)
			var got []string
			token, pages := "", 0
			for {
				p, next, err := Page(all, id, token, tc.limit)
				if err != nil {
					t.Fatal(err)
				}
				pages++
				got = append(got, p...)
				if next == "" {
					break
				}
				token = next
			}
			if !slices.Equal(got, all) || pages != tc.pages {
				t.Fatalf("got %d items in %d pages, want %d in %d", len(got), pages, len(all), tc.pages)
			}
		})
	}
}

func TestTokenSurvivesRemovalOfItsItem(t *testing.T) {
	all := names(5)
	_, next, err := Page(all, id, "", ptr(2))
	if err != nil {
		t.Fatal(err)
	}
	rest := slices.Delete(slices.Clone(all), 1, 2) // remove item-001, the token's key
	p, _, err := Page(rest, id, next, ptr(2))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p, []string{"item-002", "item-003"}) {
		t.Fatalf("got %v", p)
	}
}

func TestDecodeToken(t *testing.T) {
	for _, tc := range []struct {
		token, want string
		err         error
	}{
		{"", "", nil},
		{EncodeToken("a:b/c"), "a:b/c", nil},
		{EncodeToken(""), "", nil},
		{"!!!", "", ErrInvalidToken},
		{"djI6eA", "", ErrInvalidToken},   // base64 of "v2:x"
		{"djE6eA==", "", ErrInvalidToken}, // padded
	} {
		got, err := DecodeToken(tc.token)
		if got != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("DecodeToken(%q) = %q, %v; want %q, %v", tc.token, got, err, tc.want, tc.err)
		}
	}
	if _, _, err := Page(names(3), id, "garbage!", nil); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("Page with a bad token: %v", err)
	}
}

func FuzzDecodeToken(f *testing.F) {
	for _, s := range []string{"", "djE6eA", EncodeToken("rule-1"), "!!", "djI6eA", "dj\nE6"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, token string) {
		key, err := DecodeToken(token)
		if err != nil {
			if !errors.Is(err, ErrInvalidToken) || key != "" {
				t.Fatalf("DecodeToken(%q) = %q, %v", token, key, err)
			}
			return
		}
		// The decoder ignores newlines, so the token need not be canonical; its key must be.
		if back, err := DecodeToken(EncodeToken(key)); err != nil || back != key {
			t.Fatalf("key %q of %q does not round-trip: %q, %v", key, token, back, err)
		}
	})
}

func ptr[T any](v T) *T { return &v }
