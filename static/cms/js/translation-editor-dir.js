// Gives wagtail-localize's translation editor the direction and language of each text:
// the translation in the target language (right to left for Arabic), the source in its own.
// The editor is a React app that re-renders segments (e.g. a <p> becomes a <textarea> on
// "Edit"), so the marks are re-applied by a MutationObserver; the CSS keyed on the root's
// data-target-dir covers any moment before that.
(() => {
  const script = document.currentScript;
  const rtl = new Set((script.dataset.rtlLanguages || "").split(/\s+/).filter(Boolean));
  const dirOf = (code) => (rtl.has(code) ? "rtl" : "ltr");

  const mark = (el, code) => {
    // Only when different: an attribute write is no mutation we observe, but keep it cheap.
    if (el.lang !== code) el.lang = code;
    if (el.dir !== dirOf(code)) el.dir = dirOf(code);
  };

  const setUp = (root) => {
    let props;
    try {
      props = JSON.parse(root.dataset.props);
    } catch {
      return;
    }
    const target = props.locale && props.locale.code;
    const source = props.sourceLocale && props.sourceLocale.code;
    if (!target || !source) return;
    // No lang on the root: its labels and buttons are in the admin's own language.
    root.dataset.targetDir = dirOf(target);
    root.dataset.targetLang = target;

    const apply = () => {
      // A string segment is <li> <h4>? <p>source</p> <div>translation</div> <ul>toolbar</ul>;
      // overrides (URLs, choosers) and related objects have no source <p>, so stay as they are.
      root.querySelectorAll("li > p + div").forEach((value) => {
        mark(value.previousElementSibling, source);
        mark(value, target);
        value.querySelectorAll(":scope > p, :scope > textarea").forEach((el) => mark(el, target));
      });
    };
    apply();
    new MutationObserver(apply).observe(root, { childList: true, subtree: true });
  };

  const start = () => document.querySelectorAll(".js-translation-editor[data-props]").forEach(setUp);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
