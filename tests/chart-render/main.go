// chart-render renders a Helm chart's templates the way `helm template` does, for the deployment tests on machines
// without a helm binary. It uses what Helm's engine uses, Go's text/template with the sprig function library, and adds
// Helm's own functions (include, tpl, required, fail, toYaml, fromYaml, toJson, fromJson, lookup) and .Files (Get and
// Glob). Left out, because this chart needs none of them: subcharts, hooks' ordering and the cluster (lookup answers an
// empty map).
// charts/socialcommerce/README.md says how close this is to Helm.
//
//	chart-render <chart directory> [-f values.yaml]... [--set-string key.path=value]...
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	"gopkg.in/yaml.v2"
)

func main() {
	if len(os.Args) < 2 {
		fail("usage: chart-render <chart directory> [-f values.yaml]... [--set-string key.path=value]...")
	}
	chart := os.Args[1]
	values := readYaml(filepath.Join(chart, "values.yaml"))
	for i := 2; i < len(os.Args); i++ {
		switch os.Args[i] {
		case "-f":
			i++
			values = merge(values, readYaml(os.Args[i]))
		case "--set-string":
			i++
			key, value, _ := strings.Cut(os.Args[i], "=")
			values = merge(values, nested(strings.Split(key, "."), value))
		default:
			fail("unknown argument " + os.Args[i])
		}
	}
	metadata := readYaml(filepath.Join(chart, "Chart.yaml"))
	name := fmt.Sprint(metadata["name"])
	top := map[string]interface{}{
		"Values":       values,
		"Chart":        map[string]interface{}{"Name": name, "Version": fmt.Sprint(metadata["version"]), "AppVersion": fmt.Sprint(metadata["appVersion"])},
		"Release":      map[string]interface{}{"Name": name, "Namespace": name, "Service": "Helm", "IsInstall": true, "IsUpgrade": false, "Revision": 1},
		"Capabilities": map[string]interface{}{"KubeVersion": map[string]interface{}{"Version": "v1.31.0", "Major": "1", "Minor": "31"}},
		"Files":        readFiles(chart),
	}
	os.Stdout.WriteString(render(chart, name, top))
}

// render parses every template into one set (so partials can be included) and renders the non-partial ones in name
// order, each as Helm prints it: a separator and a Source comment, empty results left out.
func render(chart, name string, top map[string]interface{}) string {
	files, err := filepath.Glob(filepath.Join(chart, "templates", "*"))
	check(err)
	sort.Strings(files)
	root := template.New(name)
	funcs := functions(root)
	root.Funcs(funcs).Option("missingkey=zero")
	for _, file := range files {
		source, err := os.ReadFile(file)
		check(err)
		_, err = root.New(name + "/templates/" + filepath.Base(file)).Parse(string(source))
		check(err)
	}
	var out strings.Builder
	for _, file := range files {
		base := filepath.Base(file)
		if strings.HasPrefix(base, "_") || !(strings.HasSuffix(base, ".yaml") || strings.HasSuffix(base, ".yml")) {
			continue
		}
		path := name + "/templates/" + base
		scoped := copyMap(top)
		scoped["Template"] = map[string]interface{}{"Name": path, "BasePath": name + "/templates"}
		var buffer bytes.Buffer
		if err := root.ExecuteTemplate(&buffer, path, scoped); err != nil {
			fail(err.Error())
		}
		text := strings.ReplaceAll(buffer.String(), "<no value>", "")
		if strings.TrimSpace(text) == "" {
			continue
		}
		out.WriteString("---\n# Source: " + path + "\n" + strings.TrimLeft(text, "\n") + "\n")
	}
	return out.String()
}

func functions(root *template.Template) template.FuncMap {
	funcs := sprig.TxtFuncMap()
	delete(funcs, "env")
	delete(funcs, "expandenv")
	funcs["toYaml"] = func(value interface{}) string {
		data, err := yaml.Marshal(value)
		if err != nil {
			return ""
		}
		return strings.TrimSuffix(string(data), "\n")
	}
	funcs["fromYaml"] = func(text string) map[string]interface{} {
		result := map[string]interface{}{}
		if err := yaml.Unmarshal([]byte(text), &result); err != nil {
			result["Error"] = err.Error()
		}
		return normalise(result).(map[string]interface{})
	}
	funcs["toJson"] = func(value interface{}) string {
		data, err := json.Marshal(normalise(value))
		if err != nil {
			return ""
		}
		return string(data)
	}
	funcs["fromJson"] = func(text string) map[string]interface{} {
		result := map[string]interface{}{}
		if err := json.Unmarshal([]byte(text), &result); err != nil {
			result["Error"] = err.Error()
		}
		return result
	}
	funcs["include"] = func(name string, data interface{}) (string, error) {
		var buffer bytes.Buffer
		err := root.ExecuteTemplate(&buffer, name, data)
		return buffer.String(), err
	}
	funcs["tpl"] = func(text string, data interface{}) (string, error) {
		clone, err := root.Clone()
		if err != nil {
			return "", err
		}
		parsed, err := clone.New("tpl").Parse(text)
		if err != nil {
			return "", err
		}
		var buffer bytes.Buffer
		err = parsed.Execute(&buffer, data)
		return strings.ReplaceAll(buffer.String(), "<no value>", ""), err
	}
	funcs["required"] = func(message string, value interface{}) (interface{}, error) {
		if value == nil || value == "" {
			return nil, fmt.Errorf("%s", message)
		}
		return value, nil
	}
	funcs["fail"] = func(message string) (string, error) { return "", fmt.Errorf("%s", message) }
	funcs["lookup"] = func(string, string, string, string) map[string]interface{} { return map[string]interface{}{} }
	return funcs
}

// files are the chart's files outside templates/, by path relative to the chart, as Helm's .Files holds them.
type files map[string][]byte

// Get is a file's text, empty when there is none.
func (f files) Get(name string) string { return string(f[name]) }

// Glob is the files whose paths match a pattern (path.Match, as Helm's Glob for patterns without "**").
func (f files) Glob(pattern string) files {
	result := files{}
	for name, data := range f {
		if matched, _ := filepath.Match(pattern, name); matched {
			result[name] = data
		}
	}
	return result
}

func readFiles(chart string) files {
	result := files{}
	check(filepath.Walk(chart, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		relative, _ := filepath.Rel(chart, path)
		if strings.HasPrefix(relative, "templates"+string(filepath.Separator)) || relative == "values.yaml" || relative == "Chart.yaml" {
			return nil
		}
		data, err := os.ReadFile(path)
		result[filepath.ToSlash(relative)] = data
		return err
	}))
	return result
}

// merge lays an override over the values as Helm coalesces them: maps merge key by key, anything else replaces, and a
// null removes the key.
func merge(base, override map[string]interface{}) map[string]interface{} {
	result := copyMap(base)
	for key, value := range override {
		if value == nil {
			delete(result, key)
			continue
		}
		inner, isMap := value.(map[string]interface{})
		existing, wasMap := result[key].(map[string]interface{})
		if isMap && wasMap {
			result[key] = merge(existing, inner)
		} else {
			result[key] = value
		}
	}
	return result
}

func nested(path []string, value string) map[string]interface{} {
	if len(path) == 1 {
		return map[string]interface{}{path[0]: value}
	}
	return map[string]interface{}{path[0]: nested(path[1:], value)}
}

func readYaml(path string) map[string]interface{} {
	data, err := os.ReadFile(path)
	check(err)
	result := map[string]interface{}{}
	check(yaml.Unmarshal(data, &result))
	return normalise(result).(map[string]interface{})
}

// normalise turns yaml.v2's map[interface{}]interface{} into map[string]interface{}, as Helm's values are.
func normalise(value interface{}) interface{} {
	switch typed := value.(type) {
	case map[interface{}]interface{}:
		result := map[string]interface{}{}
		for key, inner := range typed {
			result[fmt.Sprint(key)] = normalise(inner)
		}
		return result
	case map[string]interface{}:
		for key, inner := range typed {
			typed[key] = normalise(inner)
		}
		return typed
	case []interface{}:
		for i, inner := range typed {
			typed[i] = normalise(inner)
		}
		return typed
	default:
		return value
	}
}

func copyMap(source map[string]interface{}) map[string]interface{} {
	result := make(map[string]interface{}, len(source))
	for key, value := range source {
		result[key] = value
	}
	return result
}

func check(err error) {
	if err != nil {
		fail(err.Error())
	}
}

func fail(message string) {
	fmt.Fprintln(os.Stderr, "Error: "+message)
	os.Exit(1)
}
