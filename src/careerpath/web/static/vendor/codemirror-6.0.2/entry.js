// The entry of the vendored bundle: what static/web/policy.js imports.
export { EditorView, basicSetup } from "codemirror";
export { EditorState } from "@codemirror/state";
export { yaml } from "@codemirror/lang-yaml";
export { linter, lintGutter, setDiagnostics, forceLinting } from "@codemirror/lint";
export { keymap } from "@codemirror/view";
export { indentWithTab } from "@codemirror/commands";
