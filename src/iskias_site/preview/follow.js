// The preview's only script of its own (published pages have none): a livereload.js plugin.
// livereload.js asks its plugins first when the server says "reload". A path that is a page
// address ("/slug/" or "/slug/#anchor", sent after a save in that article) opens that page, at
// that section; any other path ("*": a template, the references) is left to livereload.js,
// which reloads the page the editor is on.
(function () {
  "use strict";
  var PAGE = /^\/[^#]*\/(#.*)?$/;
  var KEY = "iskias-preview-section";

  function Follow(window) {
    this.window = window;
  }
  Follow.identifier = "iskias-follow";
  Follow.version = "1";
  Follow.prototype.reload = function (path) {
    if (!PAGE.test(path)) {
      return false;
    }
    var here = this.window.location;
    var target = new URL(path, here.href);
    // A reload would restore the old scroll position; the section is scrolled to after loading.
    this.window.sessionStorage.setItem(KEY, decodeURIComponent(target.hash.slice(1)));
    this.window.history.scrollRestoration = "manual";
    if (target.pathname === here.pathname) {
      this.window.history.replaceState(null, "", target.href);
      here.reload();
    } else {
      here.assign(target.href);
    }
    return true;
  };
  window.LiveReloadPluginFollow = Follow;  // livereload.js adds every LiveReloadPlugin* it finds

  var section = window.sessionStorage.getItem(KEY);
  if (section !== null) {
    window.sessionStorage.removeItem(KEY);
    var show = function () {
      var heading = section && document.getElementById(section);
      if (heading) {
        heading.scrollIntoView();
      } else {
        window.scrollTo(0, 0);  // the introduction or the front matter: the top of the article
      }
    };
    show();
    window.addEventListener("load", function () {
      show();
      // Restoring the scroll position is the browser's again, for reloads of any other kind.
      window.setTimeout(function () { window.history.scrollRestoration = "auto"; }, 0);
    });
  }
})();
