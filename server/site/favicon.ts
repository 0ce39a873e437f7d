/**
 * The icon browsers ask for at /favicon.ico on every page (public site, phone pages, web
 * app): a loudspeaker ("loa") in the site's red. Served as SVG, which browsers accept at
 * that address; without it every first page view logged a 404 in the console.
 */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<rect width="64" height="64" rx="12" fill="#8b1a1a"/>
<path d="M12 26h10l16-11v34L22 38H12z" fill="#fff"/>
<path d="M44 24a11 11 0 0 1 0 16M49 18a19 19 0 0 1 0 28" stroke="#fff" stroke-width="4" fill="none" stroke-linecap="round"/>
</svg>
`;
