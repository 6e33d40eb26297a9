/* "Liste drucken" on the host pages: with JavaScript the browser's print dialog opens at
   once (the print stylesheet shows only the list); without it the link leads to the
   print view (?druck=1), which prints the same way from the browser menu. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var trigger = event.target.closest("[data-print], [data-print-now]");
    if (!trigger || typeof window.print !== "function") {
      return;
    }
    event.preventDefault();
    window.print();
  });
})();
