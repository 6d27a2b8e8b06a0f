package sqsquery_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/eventrail/eventrail/memstore"
	"github.com/eventrail/eventrail/queue"
	"github.com/eventrail/eventrail/queue/sqsquery"
)

// Example mounts the Query handler in front of other routes, as cmd/eventrail does in the
// awsjson edge's Fallback.
func Example() {
	store := memstore.New()
	defer store.Close()
	svc, _ := queue.Open(context.Background(), queue.Options{Store: store})
	defer svc.Close()
	query := sqsquery.NewHandler(svc, sqsquery.Options{}) // Credentials: same map as awsjson's
	other := http.NotFoundHandler()
	fallback := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if sqsquery.IsQueryRequest(r) {
			query.ServeHTTP(w, r)
			return
		}
		other.ServeHTTP(w, r)
	})
	srv := httptest.NewServer(fallback)
	defer srv.Close()

	resp, _ := http.Post(srv.URL, "application/x-www-form-urlencoded",
		strings.NewReader("Action=GetQueueUrl&Version=2012-11-05&QueueName=missing"))
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, strings.Contains(string(body), "<Code>AWS.SimpleQueueService.NonExistentQueue</Code>"))
	// Output: 400 true
}
