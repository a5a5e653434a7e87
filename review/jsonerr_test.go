package review

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestJSONProblem(t *testing.T) {
	type body struct {
		ArticleFields
		Markdown bool `json:"markdown"`
	}
	tests := []struct {
		in, want string
	}{
		{`{"title": 3}`, `"title" should be string`},
		{`{"markdown": "yes"}`, `"markdown" should be bool`},
		{`{"title": "a",}`, `bad JSON at character 15`},
		{`{"nope": 1}`, `unknown field "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			dec := json.NewDecoder(strings.NewReader(tt.in))
			dec.DisallowUnknownFields()
			var b body
			err := dec.Decode(&b)
			if err == nil {
				t.Fatalf("decoding %s: no error", tt.in)
			}
			if got := JSONProblem(err); got != tt.want {
				t.Errorf("JSONProblem = %q, want %q", got, tt.want)
			}
		})
	}
}
