package review

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// JSONProblem says in words what is wrong with a JSON document that failed
// to decode into an article: where the syntax breaks, or which field (by its
// JSON name, not the Go path through embedded structs such as
// ArticleFields) has the wrong type.
func JSONProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("bad JSON at character %d", se.Offset)
	case errors.As(err, &te) && te.Field != "":
		return fmt.Sprintf("%q should be %s", te.Field[strings.LastIndexByte(te.Field, '.')+1:], te.Type)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}
