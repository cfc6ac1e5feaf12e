// The search page's one script: Pagefind's own search box and results, in Danish, with a result
// for every matching section (a link to its heading). The texts come from the page (locale/da.yml).
window.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("soegning");
  if (!box || typeof PagefindUI === "undefined") {
    return;
  }
  new PagefindUI({
    element: "#soegning",
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    translations: JSON.parse(box.dataset.strings || "{}"),
    // the index's other bundles (a big site's), from the site's root: Pagefind fetches them from
    // its worker, and their results link from there
    mergeIndex: (box.dataset.bundles || "").split(" ").filter(Boolean).map(function (path) {
      return { bundlePath: new URL(path, document.baseURI).pathname };
    }),
  });
  // Pagefind's field gets our visible label; the note for readers without JavaScript goes
  var field = box.querySelector("input");
  var label = document.getElementById("soegning-etiket");
  if (field && label) {
    field.setAttribute("aria-labelledby", label.id);
    label.hidden = false;
  }
  var note = document.getElementById("soegning-uden-script");
  if (note) {
    note.hidden = true;
  }
});
