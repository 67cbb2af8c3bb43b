// Command chart-render renders a Helm chart the way `helm template` does, for the
// subset of Helm that charts/ballast uses, so CI can check the chart without a helm
// binary (none can be installed here).
//
// It parses every file under templates/ into one template set named like Helm's
// ("<chart>/templates/<file>"), with sprig's functions plus Helm's own: include,
// required, toYaml, fromYaml, toJson, tpl, lookup. Values are the chart's values.yaml
// coalesced with each --values file in order (maps merge, a null deletes a key),
// as Helm does. Missing keys render as nothing, as in Helm. The output is every
// rendered manifest, each preceded by "---" and a "# Source:" line; NOTES.txt and
// partials (files starting with "_") are rendered but not printed. Each document
// must parse as YAML with apiVersion and kind, or the command fails.
//
// Build offline with Debian's packaged Go sources (golang-go,
// golang-github-masterminds-sprig-dev, golang-k8s-sigs-yaml-dev) in GOPATH mode:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off go build -o chart-render .
//
// Module mode cannot work offline here: the packaged modules' go.mod files name
// test-only dependencies that Debian does not ship. In GOPATH mode sprig is imported
// by its directory, github.com/Masterminds/sprig (its go.mod calls it .../sprig/v3).
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig" // Debian's path; GOPATH mode has no /v3 suffix
	"sigs.k8s.io/yaml"
)

// valuesFiles collects repeated --values flags.
type valuesFiles []string

func (v *valuesFiles) String() string     { return strings.Join(*v, ",") }
func (v *valuesFiles) Set(s string) error { *v = append(*v, s); return nil }

func main() {
	var (
		chartDir    string
		values      valuesFiles
		release     string
		namespace   string
		kubeVersion string
	)
	flag.StringVar(&chartDir, "chart", "", "the chart's directory (holds Chart.yaml)")
	flag.Var(&values, "values", "a values file; repeat to layer several, later ones win")
	flag.StringVar(&release, "release", "release-name", "the release name (.Release.Name)")
	flag.StringVar(&namespace, "namespace", "default", "the release namespace (.Release.Namespace)")
	flag.StringVar(&kubeVersion, "kube-version", "v1.30.0", "the Kubernetes version (.Capabilities.KubeVersion)")
	flag.Parse()
	if chartDir == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: chart-render --chart DIR [--values FILE]... [--release NAME] [--namespace NS]")
		os.Exit(2)
	}
	out, err := render(chartDir, values, release, namespace, kubeVersion)
	if err != nil {
		fmt.Fprintf(os.Stderr, "chart-render: %v\n", err)
		os.Exit(1)
	}
	os.Stdout.WriteString(out)
}

// render returns the chart's manifests as one YAML stream.
func render(chartDir string, valuesPaths []string, release, namespace, kubeVersion string) (string, error) {
	chartMeta, err := readYAMLMap(filepath.Join(chartDir, "Chart.yaml"))
	if err != nil {
		return "", err
	}
	chartName, _ := chartMeta["name"].(string)
	if chartName == "" {
		return "", fmt.Errorf("%s: no name", filepath.Join(chartDir, "Chart.yaml"))
	}

	values := map[string]interface{}{}
	if _, err := os.Stat(filepath.Join(chartDir, "values.yaml")); err == nil {
		if values, err = readYAMLMap(filepath.Join(chartDir, "values.yaml")); err != nil {
			return "", err
		}
	}
	for _, path := range valuesPaths {
		layer, err := readYAMLMap(path)
		if err != nil {
			return "", err
		}
		values = coalesce(values, layer)
	}

	names, sources, err := readTemplates(chartDir, chartName)
	if err != nil {
		return "", err
	}

	root := template.New("chart").Option("missingkey=zero")
	root.Funcs(funcMap(root))
	for _, name := range names {
		if _, err := root.New(name).Parse(sources[name]); err != nil {
			return "", err
		}
	}

	major, minor := splitKubeVersion(kubeVersion)
	var out strings.Builder
	for _, name := range names {
		base := filepath.Base(name)
		if strings.HasPrefix(base, "_") {
			continue
		}
		data := map[string]interface{}{
			"Values": values,
			"Chart":  capitalizeKeys(chartMeta),
			"Release": map[string]interface{}{
				"Name": release, "Namespace": namespace, "Service": "Helm",
				"IsInstall": true, "IsUpgrade": false, "Revision": 1,
			},
			"Capabilities": map[string]interface{}{
				"KubeVersion": map[string]interface{}{
					"Version": kubeVersion, "GitVersion": kubeVersion, "Major": major, "Minor": minor,
				},
			},
			"Template": map[string]interface{}{
				"Name": name, "BasePath": chartName + "/templates",
			},
		}
		var buf bytes.Buffer
		if err := root.ExecuteTemplate(&buf, name, data); err != nil {
			return "", err
		}
		text := strings.ReplaceAll(buf.String(), "<no value>", "")
		if base == "NOTES.txt" || strings.TrimSpace(text) == "" {
			continue
		}
		for i, doc := range splitDocuments(text) {
			if err := checkManifest(doc); err != nil {
				return "", fmt.Errorf("%s: document %d: %v\n%s", name, i+1, err, numbered(doc))
			}
			fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", name, strings.TrimSpace(doc))
		}
	}
	return out.String(), nil
}

// funcMap is sprig's text functions plus the functions Helm adds, as Helm defines them.
func funcMap(root *template.Template) template.FuncMap {
	funcs := sprig.TxtFuncMap()
	delete(funcs, "env") // Helm removes these: a chart must not read the machine's environment.
	delete(funcs, "expandenv")
	funcs["include"] = func(name string, data interface{}) (string, error) {
		var buf bytes.Buffer
		if err := root.ExecuteTemplate(&buf, name, data); err != nil {
			return "", err
		}
		return buf.String(), nil
	}
	funcs["tpl"] = func(text string, data interface{}) (string, error) {
		t, err := root.Clone()
		if err != nil {
			return "", err
		}
		if t, err = t.New("tpl").Parse(text); err != nil {
			return "", err
		}
		var buf bytes.Buffer
		if err := t.Execute(&buf, data); err != nil {
			return "", err
		}
		return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
	}
	funcs["required"] = func(message string, value interface{}) (interface{}, error) {
		if value == nil {
			return nil, errors.New(message)
		}
		if s, ok := value.(string); ok && s == "" {
			return nil, errors.New(message)
		}
		return value, nil
	}
	funcs["toYaml"] = func(v interface{}) string {
		data, err := yaml.Marshal(v)
		if err != nil {
			return ""
		}
		return strings.TrimSuffix(string(data), "\n")
	}
	funcs["fromYaml"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := yaml.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	funcs["lookup"] = func(apiVersion, kind, namespace, name string) (map[string]interface{}, error) {
		return map[string]interface{}{}, nil // as `helm template`: no cluster to ask
	}
	return funcs
}

// coalesce layers override onto base the way Helm merges values files.
func coalesce(base, override map[string]interface{}) map[string]interface{} {
	result := map[string]interface{}{}
	for k, v := range base {
		result[k] = v
	}
	for k, v := range override {
		if v == nil {
			delete(result, k)
			continue
		}
		baseMap, baseIsMap := result[k].(map[string]interface{})
		overrideMap, overrideIsMap := v.(map[string]interface{})
		if baseIsMap && overrideIsMap {
			result[k] = coalesce(baseMap, overrideMap)
		} else {
			result[k] = v
		}
	}
	return result
}

// readTemplates returns the template names, sorted, and their sources.
func readTemplates(chartDir, chartName string) ([]string, map[string]string, error) {
	templatesDir := filepath.Join(chartDir, "templates")
	sources := map[string]string{}
	err := filepath.Walk(templatesDir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, err := filepath.Rel(templatesDir, path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sources[chartName+"/templates/"+filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	names := make([]string, 0, len(sources))
	for name := range sources {
		names = append(names, name)
	}
	sort.Strings(names)
	return names, sources, nil
}

func readYAMLMap(path string) (map[string]interface{}, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m := map[string]interface{}{}
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return m, nil
}

// capitalizeKeys turns Chart.yaml's keys into the field names Helm exposes (.Chart.AppVersion).
func capitalizeKeys(m map[string]interface{}) map[string]interface{} {
	result := map[string]interface{}{}
	for k, v := range m {
		if k == "" {
			continue
		}
		result[strings.ToUpper(k[:1])+k[1:]] = v
	}
	return result
}

func splitKubeVersion(v string) (string, string) {
	parts := strings.SplitN(strings.TrimPrefix(v, "v"), ".", 3)
	if len(parts) < 2 {
		return parts[0], "0"
	}
	return parts[0], parts[1]
}

// splitDocuments splits a rendered file at "---" lines, dropping empty documents.
func splitDocuments(text string) []string {
	var docs []string
	var current []string
	flush := func() {
		doc := strings.Join(current, "\n")
		if strings.TrimSpace(stripComments(doc)) != "" {
			docs = append(docs, doc)
		}
		current = nil
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimRight(line, " ") == "---" {
			flush()
			continue
		}
		current = append(current, line)
	}
	flush()
	return docs
}

func stripComments(doc string) string {
	var kept []string
	for _, line := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, "\n")
}

// checkManifest fails when a document is not a YAML map with apiVersion and kind.
func checkManifest(doc string) error {
	m := map[string]interface{}{}
	if err := yaml.UnmarshalStrict([]byte(doc), &m); err != nil {
		return fmt.Errorf("not valid YAML: %v", err)
	}
	for _, key := range []string{"apiVersion", "kind"} {
		if s, _ := m[key].(string); s == "" {
			return fmt.Errorf("no %s", key)
		}
	}
	return nil
}

func numbered(doc string) string {
	var b strings.Builder
	for i, line := range strings.Split(doc, "\n") {
		fmt.Fprintf(&b, "%4d | %s\n", i+1, line)
	}
	return b.String()
}
