// Package leanhttp serves the AWS JSON protocols' requests on HTTP/1.1 connections with less
// work per request than net/http, and hands every other request to a net/http Server.
//
// An AWS SDK or the AWS CLI calling eventrail sends one shape of request, over and over on a
// kept-alive connection: POST / HTTP/1.1 with a Content-Length body, an X-Amz-Target header
// and a handful of others. For those, net/http's general machinery (a goroutine reading in
// the background while the handler runs, a buffered writer flushed in pieces, per-request
// allocations) costs about as much CPU as the work the request asks for. Server parses such
// a request head itself (RFC 9112, strictly: anything unusual disqualifies it), calls the
// same http.Handler with an ordinary *http.Request, and writes the response with one system
// call.
//
// Every other request — another method or path, no X-Amz-Target, a chunked or announced
// "Expect: 100-continue" body, an HTTP/1.0 client, a header it does not fully understand, a
// body over the size bound — is not parsed further: the connection, with the bytes already
// read from it, is handed to the Fallback http.Server, which serves it (and everything after
// it on that connection) exactly as it would have without this package. So the fast path
// only has to be right for what it accepts, and a differential fuzz test holds it to
// net/http's reading of the same bytes.
//
// Handlers on the fast path get an http.ResponseWriter that buffers the whole response; it
// does not implement http.Flusher or http.Hijacker, so streaming handlers must not be reached
// through requests carrying X-Amz-Target. Nothing reads the connection while a fast-path
// handler runs, so its request context ends only when it returns, not when the client leaves:
// calls that wait long (a long poll) are named in Server.HandOver and go to Fallback.
package leanhttp
