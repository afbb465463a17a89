// The policy editor: CodeMirror 6 over the draft's textarea, with the problems in the lint gutter.
// Without JavaScript the page is a plain textarea and a list of problems with their lines; with it the
// textarea is replaced by the editor, the server checks the text as it changes (nothing is saved until
// "save"), and a problem's line link moves the cursor there. The CSP allows only this file and the
// vendored bundle (loaded with a dynamic import of its URL, given by the page): no inline script.
// The editor lives in a shadow root: there CodeMirror's style-mod installs its styles as constructable
// style sheets (adoptedStyleSheets), which style-src 'self' permits; mounted on the document it would add
// a <style> element, which the CSP blocks (and the editor would lose its scrolling and gutters).
const host = document.getElementById("policy-cm");
const textarea = document.querySelector("textarea.policy-yaml");
const form = document.getElementById("policy-form");

function toDiagnostics(doc, problems) {
  const out = [];
  for (const p of problems || []) {
    if (!p.line || p.line > doc.lines) continue;
    const line = doc.line(p.line);
    const from = Math.min(line.from + Math.max(0, (p.column || 1) - 1), line.to);
    out.push({ from, to: line.to > from ? line.to : from, severity: "error", message: `${p.path}: ${p.message}` });
  }
  return out;
}

async function start() {
  if (!host || !textarea) return;
  const cm = await import(host.dataset.cm);
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const initial = JSON.parse(document.getElementById("policy-problems").textContent || "[]");
  const check = async (view) => {
    const body = new URLSearchParams({ yaml_text: view.state.doc.toString() });
    const resp = await fetch(host.dataset.lintUrl, {
      method: "POST", body, headers: { "X-CSRFToken": csrf }, credentials: "same-origin",
    });
    if (!resp.ok) return [];
    const data = await resp.json();
    return toDiagnostics(view.state.doc, data.problems);
  };
  const shadow = host.attachShadow({ mode: "open" });
  const theme = cm.EditorView.theme({
    "&": { height: "36rem", border: "1px solid #dadfe5", borderRadius: "4px", fontSize: ".85rem",
           backgroundColor: "#fff" },
    "&.cm-focused": { outline: "2px solid #066fd1", outlineOffset: "1px" },
    ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace" },
    ".cm-gutters": { color: "#49566c" },
  });
  const view = new cm.EditorView({
    doc: textarea.value,
    extensions: [
      cm.basicSetup, cm.yaml(), cm.lintGutter(), cm.linter(check, { delay: 600 }),
      cm.keymap.of([cm.indentWithTab]),
      cm.EditorView.contentAttributes.of({ "aria-label": host.dataset.label, "data-testid": "policy-editor" }),
      cm.EditorState.readOnly.of(textarea.readOnly), theme,
    ],
    parent: shadow,
    root: shadow,
  });
  // the scroller is reachable by keyboard too (axe: scrollable-region-focusable); the text itself is next
  view.scrollDOM.setAttribute("tabindex", "0");
  // the saved text's problems, which the page already carries, until the first live check
  view.dispatch(cm.setDiagnostics(view.state, toDiagnostics(view.state.doc, initial)));
  form.addEventListener("submit", () => { textarea.value = view.state.doc.toString(); });
  document.querySelectorAll("a.problem-line").forEach((a) => {
    a.addEventListener("click", (e) => {
      e.preventDefault();
      const n = Math.min(parseInt(a.dataset.line, 10), view.state.doc.lines);
      const line = view.state.doc.line(n);
      view.dispatch({ selection: { anchor: line.from }, scrollIntoView: true });
      view.focus();
    });
  });
  document.querySelector(".policy").classList.add("cm-ready");
  window.policyEditor = view; // for the browser test and the curious
}

start();
