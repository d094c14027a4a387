/** The pages' only stylesheet, inlined and allowed by its hash in the Content-Security-Policy. */
export const PAGE_CSS = `
:root{--ink:#1a202c;--muted:#4a5568;--line:#e2e8f0;--bg:#f7fafc;--card:#fff;--accent:#2b6cb0;--ok:#276749;--ok-bg:#f0fff4;--warn:#975a16;--warn-bg:#fffff0;--bad:#9b2c2c;--bad-bg:#fff5f5;--off:#4a5568;--off-bg:#edf2f7;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg);line-height:1.5}
*{box-sizing:border-box}body{margin:0}a{color:var(--accent)}a:focus-visible,button:focus-visible,textarea:focus-visible,input:focus-visible{outline:3px solid #f6ad55;outline-offset:2px}
.page{max-width:52rem;margin:0 auto;padding:1.5rem 1rem 3rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:1.5rem;margin-bottom:1rem}
.status{display:flex;gap:.75rem;align-items:baseline;flex-wrap:wrap;border-radius:10px;padding:.75rem 1rem;margin-bottom:1rem;border:2px solid}
.status strong{font-size:1.1rem;text-transform:uppercase;letter-spacing:.04em}
.status-active{color:var(--ok);background:var(--ok-bg);border-color:#9ae6b4}.status-expired{color:var(--warn);background:var(--warn-bg);border-color:#f6e05e}
.status-revoked{color:var(--bad);background:var(--bad-bg);border-color:#feb2b2}.status-suspended,.status-pending,.status-superseded{color:var(--off);background:var(--off-bg);border-color:#cbd5e0}
.hero{display:flex;gap:1.5rem;align-items:center;flex-wrap:wrap}.hero img{width:12rem;height:auto;max-width:100%}.hero>div{flex:1;min-width:15rem}
.kind{margin:0;text-transform:uppercase;letter-spacing:.08em;font-size:.8rem;color:var(--muted);font-weight:600}
h1{margin:.25rem 0 .5rem;font-size:1.9rem;line-height:1.2}h2{font-size:1.1rem;margin:0 0 .5rem}
.recipient{font-size:1.15rem;margin:.25rem 0}.muted{color:var(--muted)}
dl.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.75rem 1.5rem;margin:0}
dl.facts dt{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}
.text{white-space:pre-line;overflow-wrap:anywhere;margin:0}
.button{display:inline-block;background:var(--accent);color:#fff;text-decoration:none;padding:.6rem 1rem;border-radius:8px;font-weight:600;border:0;font-size:1rem;cursor:pointer}
.button.secondary{background:#fff;color:var(--accent);border:1px solid var(--accent)}
ul.links{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.5rem}ul.links a{display:inline-block;padding:.45rem .8rem;border:1px solid var(--line);border-radius:8px;text-decoration:none}
.field{margin-top:1rem}.field label{display:block;font-weight:600;margin-bottom:.25rem}.row{display:flex;gap:.5rem}
.row input,.row textarea{flex:1;font:inherit;font-size:.9rem;padding:.5rem;border:1px solid #a0aec0;border-radius:6px;min-width:0}
textarea{resize:vertical;font-family:ui-monospace,Menlo,Consolas,monospace}
ul.achievements{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1rem}
ul.achievements li{border:1px solid var(--line);border-radius:10px;padding:1rem;text-align:center}ul.achievements img{width:7rem;height:7rem}
ul.identities{padding-left:1.2rem}ul.identities code{overflow-wrap:anywhere;font-size:.85em}
footer{text-align:center;color:var(--muted);font-size:.85rem;padding:1rem}
.hero img.issuer-logo,img.issuer-logo{width:auto;height:2.5rem;max-width:10rem;object-fit:contain;vertical-align:middle;margin-right:.5rem}img.issuer-logo-large{display:block;height:4.5rem;max-width:14rem;margin:0 0 .75rem}
@media print{.share,.downloads,footer{display:none}body{background:#fff}}
`;

/** The embed widget's stylesheet: small, self-contained. */
export const EMBED_CSS = `
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a202c;background:#fff}
.widget{display:flex;flex-direction:column;align-items:center;text-align:center;padding:.75rem;border:1px solid #e2e8f0;border-radius:12px;max-width:20rem;margin:0 auto}
.widget img{width:8rem;height:auto}.widget h1{font-size:1rem;margin:.5rem 0 .25rem}.widget p{margin:.15rem 0;font-size:.85rem;color:#4a5568}
.pill{display:inline-block;margin:.5rem 0;padding:.2rem .7rem;border-radius:999px;font-weight:700;font-size:.8rem;text-transform:uppercase;letter-spacing:.05em}
.status-active{background:#c6f6d5;color:#22543d}.status-expired{background:#fefcbf;color:#744210}.status-revoked{background:#fed7d7;color:#822727}.status-suspended,.status-pending,.status-superseded{background:#e2e8f0;color:#2d3748}
a{color:#2b6cb0;font-size:.85rem}
`;

/** Progressive enhancement only: the Copy buttons (hidden without JavaScript; the fields stay selectable). */
export const COPY_SCRIPT = `document.querySelectorAll('button[data-copy]').forEach(function(b){b.hidden=false;b.addEventListener('click',function(){var f=document.getElementById(b.getAttribute('data-copy'));if(!f)return;f.select();var done=function(){b.textContent=b.getAttribute('data-copied');var s=b.getAttribute('data-share');if(s&&navigator.sendBeacon)navigator.sendBeacon(s)};if(navigator.clipboard){navigator.clipboard.writeText(f.value).then(done)}else{document.execCommand('copy');done()}})});`;
