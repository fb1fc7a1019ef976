// The API's docs page (/docs): Swagger UI over /openapi.json, from the package's own files.
// No validator badge: it would fetch an image from validator.swagger.io (the desk works offline).
"use strict";
window.addEventListener("DOMContentLoaded", () => {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    validatorUrl: null,
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
