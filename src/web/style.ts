/**
 * The one stylesheet, served from /web/style.css: the Content-Security-Policy allows no inline
 * style. Phone first (a 390 px screen), larger screens get wider content; no web fonts.
 */
export const STYLESHEET = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1a1a1a;background:#f4f5f7}
a{color:#0b57a4}
a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
.skip{position:absolute;left:-999px}
.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:1}
header.top{background:#0b3d6e;color:#fff;padding:10px 16px}
header.top .brand{font-weight:700;font-size:1.15rem;color:#fff;text-decoration:none;margin-right:12px}
header.top nav ul{list-style:none;margin:6px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:4px 14px}
header.top nav a{color:#fff}
header.top nav a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
main{max-width:1100px;margin:0 auto;padding:16px}
h1{font-size:1.45rem;line-height:1.25;margin:4px 0 6px}
h2{font-size:1.15rem;margin:22px 0 8px}
h3{font-size:1rem;margin:14px 0 6px}
p{margin:6px 0}
.muted{color:#4a4f57}
.small{font-size:.9rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;margin:12px 0}
.card{background:#fff;border:1px solid #d5d9e0;border-radius:10px;padding:12px}
.card .label{font-size:.9rem;color:#4a4f57}
.card .value{font-size:1.6rem;font-weight:700;line-height:1.2}
.card .delta{font-size:.9rem;color:#4a4f57}
.panel{background:#fff;border:1px solid #d5d9e0;border-radius:10px;padding:12px;margin:12px 0}
.periods{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0;padding:0;list-style:none}
.periods a,.periods span{display:inline-block;padding:4px 10px;border:1px solid #b9c0ca;border-radius:16px;background:#fff;text-decoration:none}
.periods [aria-current=page]{background:#0b3d6e;color:#fff;border-color:#0b3d6e}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;background:#fff}
caption{text-align:left;font-weight:600;padding:6px 0}
th,td{padding:6px 8px;border-bottom:1px solid #e1e4e9;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;white-space:nowrap}
thead th{background:#eef1f5;font-size:.9rem}
thead th.num{white-space:normal}
@media (max-width:480px){th,td{padding:6px 5px;font-size:.92rem}}
.bars{list-style:none;padding:0;margin:8px 0}
.bars li{margin:8px 0}
.bar{height:12px;background:#e1e4e9;border-radius:6px;overflow:hidden}
.bar span{display:block;height:100%;background:#1f7a4d}
.chart svg{width:100%;height:auto;display:block}
.chart{margin:8px 0;max-width:640px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.trend-up{color:#17693f}
.trend-down{color:#b3261e}
form.inline{display:inline}
button,.button{font:inherit;padding:8px 14px;border-radius:8px;border:1px solid #0b3d6e;background:#0b3d6e;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:#0b3d6e}
.choices{display:flex;flex-direction:column;gap:8px;margin:10px 0}
.choices.row{flex-direction:row;flex-wrap:wrap}
.choices button{text-align:left;background:#fff;color:#0b3d6e}
.choices button.checked{background:#e3f1e9;border-color:#17693f;color:#0f4d2e}
.phone{max-width:420px;background:#fff;border:1px solid #d5d9e0;border-radius:14px;padding:12px}
.bubble{background:#eef1f5;border-radius:12px;padding:8px 12px;margin:8px 0;white-space:pre-line}
.bubble.note{background:#fff6dd}
label{display:block;font-weight:600;margin:8px 0 4px}
input[type=text],textarea{width:100%;font:inherit;padding:8px;border:1px solid #8a929e;border-radius:8px}
textarea{min-height:90px}
footer.bottom{max-width:1100px;margin:0 auto;padding:16px;border-top:1px solid #d5d9e0;display:flex;flex-wrap:wrap;gap:12px;align-items:center}
.langs{display:flex;flex-wrap:wrap;gap:6px;list-style:none;margin:0;padding:0}
.langs button,.langs a{padding:4px 10px;font-size:.95rem}
.langs [aria-current=true]{font-weight:700}
.notice{background:#fff6dd;border:1px solid #e8c96a;border-radius:10px;padding:12px;margin:12px 0}
.embed main{padding:8px}
dl.pairs{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;margin:6px 0}
dl.pairs dt{color:#4a4f57}
dl.pairs dd{margin:0;font-weight:600}
@media (min-width:760px){main{padding:20px 24px}h1{font-size:1.7rem}.cards{grid-template-columns:repeat(4,1fr)}}
`;
