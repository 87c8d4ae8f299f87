package hubtest

import (
	"bytes"
	"encoding/json"
	"html/template"
	"net/http"
	"strings"
	"time"
)

// ServeHTTP implements the fake hub.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key, hasAuth := bearer(r)

	h.mu.Lock()
	valid := hasAuth && h.keys[key]
	h.requests = append(h.requests, RecordedRequest{
		Method:        r.Method,
		Path:          r.URL.Path,
		Query:         r.URL.RawQuery,
		Authorization: r.Header.Get("Authorization") != "",
		ValidKey:      valid,
		RequestCount:  r.Header.Get("X-Request-Count"),
		Time:          time.Now(),
	})
	mode, redirect, latency := h.mode, h.redirect, h.latency
	mount := cleanMount(h.cfg.mountPoint)
	h.mu.Unlock()
	h.logf("%s %s", r.Method, r.URL.Path)

	if latency > 0 {
		t := time.NewTimer(latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		case <-h.done:
			t.Stop()
			return
		}
	}

	if redirect != "" {
		http.Redirect(w, r, redirect+r.URL.RequestURI(), http.StatusTemporaryRedirect)
		return
	}
	switch mode {
	case Hang:
		select {
		case <-r.Context().Done():
		case <-h.done:
		}
		return
	case Huge:
		h.serveHuge(w, r)
		return
	case Down5xx:
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"error": "service unavailable"})
		return
	case Garbage:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("<html>this is {not JSON"))
		return
	}

	p := r.URL.Path
	switch {
	case p == BlockletPath:
		h.serveBlocklet(w, r, mode)
	case p == SessionPath:
		h.serveSession(w, r)
	case p == AuthorizePath:
		h.serveAuthorize(w, r)
	case mode != NotAHub && p == mount+"/api/user/info":
		if !h.authorized(w, r, valid) {
			return
		}
		h.serveUserInfo(w)
	case mode != NotAHub && p == mount+"/api/v2/status":
		if !h.authorized(w, r, valid) {
			return
		}
		h.serveStatus(w, mode)
	case p == "/" && r.Method == http.MethodGet:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = indexPage.Execute(w, map[string]string{"URL": h.URL, "API": h.URL + mount})
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"error": "not found"})
	}
}

func bearer(r *http.Request) (string, bool) {
	a := r.Header.Get("Authorization")
	if len(a) < 7 || !strings.EqualFold(a[:7], "Bearer ") {
		return "", false
	}
	k := strings.TrimSpace(a[7:])
	return k, k != ""
}

func (h *Hub) authorized(w http.ResponseWriter, r *http.Request, valid bool) bool {
	if r.Method != http.MethodGet {
		writeJSON(w, http.StatusMethodNotAllowed, map[string]any{"error": "method not allowed"})
		return false
	}
	if !valid {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "User not authenticated"})
		return false
	}
	return true
}

func (h *Hub) serveBlocklet(w http.ResponseWriter, r *http.Request, mode Mode) {
	h.mu.Lock()
	mp := h.cfg.mountPoint
	h.mu.Unlock()
	mounts := []map[string]string{
		{"did": "z8iZpnScvoDQ3xxAf2BdGfz2zXYakV5K5eyFN", "mountPoint": "/media-kit", "name": "image-bin", "title": "Media Kit"},
	}
	if mode != NotAHub {
		mounts = append(mounts, map[string]string{"did": HubComponentDID, "mountPoint": mp, "name": "ai-kit", "title": "AIGNE Hub"})
	}
	meta := map[string]any{
		"appName":              "Fake AIGNE Hub",
		"appUrl":               h.URL,
		"componentMountPoints": mounts,
	}
	if r.URL.Query().Get("type") == "json" {
		writeJSON(w, http.StatusOK, meta)
		return
	}
	b, _ := json.Marshal(meta)
	w.Header().Set("Content-Type", "application/javascript")
	_, _ = w.Write([]byte("window.blocklet = " + string(b) + ";\n"))
}

func (h *Hub) serveSession(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodPost:
		h.mu.Lock()
		sid := randHex(16)
		h.sessions[sid] = &Session{ID: sid, Token: encodeToken(sid), Created: time.Now()}
		h.order = append(h.order, sid)
		h.mu.Unlock()
		h.logf("session %s started", short(sid))
		writeJSON(w, http.StatusOK, map[string]any{"id": sid})
	case http.MethodGet:
		sid := r.URL.Query().Get("sid")
		h.mu.Lock()
		s, ok := h.sessions[sid]
		if !ok || s.Deleted || s.Expired {
			h.mu.Unlock()
			writeJSON(w, http.StatusNotFound, map[string]any{"error": "session not found"})
			return
		}
		s.RequestCounts = append(s.RequestCounts, r.Header.Get("X-Request-Count"))
		if h.failPolls > 0 {
			h.failPolls--
			h.mu.Unlock()
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"error": "try again"})
			return
		}
		if h.autoApprove {
			h.approveLocked(s)
		}
		// Before approval the answer carries no key material at all; the
		// Node client (and ours) treat absent and empty fields alike.
		body := map[string]any{"id": s.ID}
		if s.Approved {
			id := "z" + randHex(12)
			challenge := randHex(16)
			secret, err := EncryptAccessKey(s.Key, id, challenge)
			if err != nil {
				h.mu.Unlock()
				writeJSON(w, http.StatusInternalServerError, map[string]any{"error": err.Error()})
				return
			}
			body["accessKeyId"] = id
			body["challenge"] = challenge
			body["accessKeySecret"] = secret
		}
		h.mu.Unlock()
		writeJSON(w, http.StatusOK, body)
	case http.MethodDelete:
		sid := r.URL.Query().Get("sid")
		h.mu.Lock()
		s, ok := h.sessions[sid]
		if ok {
			s.Deleted = true
		}
		h.mu.Unlock()
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]any{"error": "session not found"})
			return
		}
		h.logf("session %s closed", short(sid))
		writeJSON(w, http.StatusOK, map[string]any{"id": sid})
	default:
		writeJSON(w, http.StatusMethodNotAllowed, map[string]any{"error": "method not allowed"})
	}
}

func (h *Hub) serveAuthorize(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		writeJSON(w, http.StatusMethodNotAllowed, map[string]any{"error": "method not allowed"})
		return
	}
	token := r.URL.Query().Get("__token__")
	if r.Method == http.MethodPost {
		if err := r.ParseForm(); err == nil && r.PostForm.Get("__token__") != "" {
			token = r.PostForm.Get("__token__")
		}
	}
	sid, err := DecodeToken(token)
	if err != nil || token == "" {
		htmlPage(w, http.StatusBadRequest, "Invalid request", "The link has no valid __token__.", "")
		return
	}
	h.mu.Lock()
	s, ok := h.sessions[sid]
	if !ok || s.Deleted || s.Expired {
		h.mu.Unlock()
		htmlPage(w, http.StatusNotFound, "Session not found", "This login link has expired. Run the command again.", "")
		return
	}
	if r.Method == http.MethodGet {
		s.Params = r.URL.Query()
	}
	if r.Method == http.MethodGet && !h.cfg.approveOnGET && !s.Approved {
		appName := strings.TrimSpace(s.Params.Get("appName"))
		h.mu.Unlock()
		htmlPage(w, http.StatusOK, "Authorize "+orDefault(appName, "the CLI"),
			orDefault(s.Params.Get("source"), "A command-line tool")+" asks for an API key for this hub.", token)
		return
	}
	h.approveLocked(s)
	h.mu.Unlock()
	htmlPage(w, http.StatusOK, "Approved", "The CLI has been authorized. You can close this window.", "")
}

func (h *Hub) serveUserInfo(w http.ResponseWriter) {
	h.mu.Lock()
	c := h.cfg
	h.mu.Unlock()
	profile := orDefault(c.profileLink, h.URL+"/profile")
	body := map[string]any{
		"user": map[string]any{
			"did": c.user.DID, "fullName": c.user.FullName, "email": c.user.Email, "avatar": c.user.Avatar,
		},
		"enableCredit":  c.credit,
		"creditBalance": nil,
		"paymentLink":   nil,
		"profileLink":   profile,
		"creditPrefix":  c.creditPrefix,
	}
	if c.credit {
		amount := func(s string) any {
			if c.amountsAsNumbers {
				return json.RawMessage(s)
			}
			return s
		}
		body["creditBalance"] = map[string]any{
			"balance":       amount(c.balance),
			"total":         amount(c.total),
			"grantCount":    json.RawMessage(orDefault(c.grants, "0")),
			"pendingCredit": amount(c.pending),
		}
		body["paymentLink"] = orDefault(c.paymentLink, h.URL+"/billing")
	}
	writeJSON(w, http.StatusOK, body)
}

func (h *Hub) serveStatus(w http.ResponseWriter, mode Mode) {
	if mode == Unavailable {
		h.mu.Lock()
		reason, code := h.unavailable.reason, h.unavailable.code
		h.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"available": false, "error": reason, "code": code})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"available": true})
}

// serveHuge streams one reused chunk until 1 GiB, the client leaving, or
// Close; it must not allocate in proportion to what it sends.
func (h *Hub) serveHuge(w http.ResponseWriter, r *http.Request) {
	const limit = 1 << 30
	chunk := bytes.Repeat([]byte("a"), 64<<10)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write([]byte(`{"data":"`)); err != nil {
		return
	}
	for sent := 0; sent < limit; sent += len(chunk) {
		select {
		case <-r.Context().Done():
			return
		case <-h.done:
			return
		default:
		}
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

var page = template.Must(template.New("page").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>{{.Title}} – Fake AIGNE Hub</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;line-height:1.5}
button{font-size:1.1rem;padding:.5rem 1.5rem}</style></head>
<body><h1>{{.Title}}</h1><p>{{.Message}}</p>
{{if .Token}}<form method="post"><input type="hidden" name="__token__" value="{{.Token}}">
<button type="submit">Approve</button></form>{{end}}
<p><small>Fake AIGNE Hub for testing. No real account is involved.</small></p>
</body></html>
`))

var indexPage = template.Must(template.New("index").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>Fake AIGNE Hub</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto">
<h1>Fake AIGNE Hub</h1>
<p>Origin: <code>{{.URL}}</code><br>API URL: <code>{{.API}}</code></p>
<p>Connect with <code>aigne hub connect {{.URL}}</code>.</p>
</body></html>
`))

func htmlPage(w http.ResponseWriter, status int, title, msg, token string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = page.Execute(w, map[string]string{"Title": title, "Message": msg, "Token": token})
}

func encodeToken(sid string) string {
	return strings.TrimRight(base64URL(sid), "=")
}
