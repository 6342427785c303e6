// Material's menu (drawer) and search buttons in the header are <label>s for hidden
// checkboxes, which a keyboard cannot reach. Make them buttons: focusable, named in the
// page's language, and pressed with Enter or Space. Runs on every page load, also under
// Material's instant navigation (document$).
(function () {
  var NAMES = {
    ko: { __drawer: "탐색 메뉴", __search: "검색" },
    en: { __drawer: "Navigation menu", __search: "Search" },
  };

  function enhance() {
    var lang = (document.documentElement.lang || "en").slice(0, 2);
    var names = NAMES[lang] || NAMES.en;
    var labels = document.querySelectorAll(
      '.md-header label.md-header__button[for="__drawer"], .md-header label.md-header__button[for="__search"]'
    );
    labels.forEach(function (label) {
      if (label.hasAttribute("tabindex")) return;
      label.setAttribute("tabindex", "0");
      label.setAttribute("role", "button");
      label.setAttribute("aria-label", names[label.htmlFor]);
      label.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          label.click();
          if (label.htmlFor === "__search") {
            var input = document.querySelector(".md-search__input");
            if (input) setTimeout(function () { input.focus(); }, 0);
          }
        }
      });
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else {
    document.addEventListener("DOMContentLoaded", enhance);
  }
})();
