package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"testing"
)

// The tests check the JSON output against schema.json with the small validator below, which understands the part
// of JSON Schema the file uses: type (one name or a list), enum, minimum, required, properties,
// additionalProperties false, and items.

func loadSchema(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("schema.json: %v", err)
	}
	return s
}

// validate returns every way v, decoded by encoding/json into any, breaks schema s; path locates v.
func validate(s map[string]any, v any, path string) []error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(path+": "+format, args...)) }
	if t, ok := s["type"]; ok {
		var types []string
		switch t := t.(type) {
		case string:
			types = []string{t}
		case []any:
			for _, x := range t {
				types = append(types, x.(string))
			}
		}
		if !slices.ContainsFunc(types, func(t string) bool { return hasType(v, t) }) {
			fail("%v is not of type %v", v, types)
			return errs
		}
	}
	if e, ok := s["enum"].([]any); ok && !slices.Contains(e, v) {
		fail("%v is not one of %v", v, e)
	}
	if m, ok := s["minimum"].(float64); ok {
		if x, ok := v.(float64); ok && x < m {
			fail("%v is below the minimum %v", x, m)
		}
	}
	switch v := v.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, r := range s["required"].([]any) {
			if _, ok := v[r.(string)]; !ok {
				fail("lacks the required %q", r)
			}
		}
		for k, x := range v {
			ps, ok := props[k].(map[string]any)
			if !ok {
				if s["additionalProperties"] == false {
					fail("has %q, which the schema does not describe", k)
				}
				continue
			}
			errs = append(errs, validate(ps, x, path+"."+k)...)
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, x := range v {
				errs = append(errs, validate(items, x, fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
	}
	return errs
}

// hasType reports whether a decoded JSON value has the JSON Schema type t.
func hasType(v any, t string) bool {
	switch t {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "null":
		return v == nil
	case "number":
		_, ok := v.(float64)
		return ok
	case "integer":
		x, ok := v.(float64)
		return ok && x == math.Trunc(x)
	}
	return false
}

// TestValidator checks that the validator catches what it claims to, on a small document and schema.
func TestValidator(t *testing.T) {
	var s map[string]any
	json.Unmarshal([]byte(`{"type": "object", "additionalProperties": false, "required": ["a", "b"],
		"properties": {"a": {"type": "integer", "minimum": 1}, "b": {"type": "array", "items": {"type": ["string", "null"], "enum": ["x", null]}}}}`), &s)
	for doc, bad := range map[string]bool{
		`{"a": 1, "b": ["x", null]}`: false,
		`{"a": 1}`:                   true, // missing b
		`{"a": 1.5, "b": []}`:        true, // not an integer
		`{"a": 0, "b": []}`:          true, // below the minimum
		`{"a": 1, "b": ["y"]}`:       true, // not in the enum
		`{"a": 1, "b": [1]}`:         true, // wrong item type
		`{"a": 1, "b": [], "c": 2}`:  true, // undescribed field
		`[]`:                         true, // not an object
	} {
		var v any
		if err := json.Unmarshal([]byte(doc), &v); err != nil {
			t.Fatal(err)
		}
		if errs := validate(s, v, "$"); (len(errs) > 0) != bad {
			t.Errorf("%s: errors %v, want invalid=%v", doc, errs, bad)
		}
	}
}

// TestSchemaDescribesOutput checks the schema against the Go types of the output: every field the program writes is
// a property of the schema, and every property is written.
func TestSchemaDescribesOutput(t *testing.T) {
	s := loadSchema(t)
	var doc map[string]any
	ratio := &jsonRatio{}
	b, _ := json.Marshal(jsonDoc{Results: []jsonResult{{}}, Summary: []jsonSummary{{VsReference: ratio, VsNaive: ratio, VsGonum: ratio}}, Roofline: jsonRoofline{
		Bandwidth: []jsonBandwidth{{Patterns: []jsonPattern{{}}}}, Divider: []jsonDivider{{}}}})
	json.Unmarshal(b, &doc)
	var walk func(s map[string]any, v any, path string)
	walk = func(s map[string]any, v any, path string) {
		switch v := v.(type) {
		case map[string]any:
			props := s["properties"].(map[string]any)
			for k := range props {
				if _, ok := v[k]; !ok {
					t.Errorf("%s.%s is in the schema but not in the output", path, k)
				}
			}
			for k, x := range v {
				if ps, ok := props[k].(map[string]any); ok {
					walk(ps, x, path+"."+k)
				} else {
					t.Errorf("%s.%s is in the output but not in the schema", path, k)
				}
			}
		case []any:
			for _, x := range v {
				walk(s["items"].(map[string]any), x, path+"[]")
			}
		}
	}
	walk(s, doc, "$")
}
