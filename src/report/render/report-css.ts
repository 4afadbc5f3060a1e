/**
 * The page's only stylesheet, inlined. System fonts (no web font request), a single column up to 960 px, tables
 * that scroll inside their own box on a phone, and print rules that unwrap those boxes and keep figures whole.
 * Tone colours reach at least 4.5:1 against their background; every tone also has a word and a symbol.
 */
export const REPORT_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#f6f8fa;color:#1f2328;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","DejaVu Sans",sans-serif}
.report{max-width:960px;margin:0 auto;padding:24px 16px 40px}
header.report-head h1{font-size:1.6rem;line-height:1.25;margin:0 0 4px}
.subtitle{color:#57606a;margin:0 0 16px}
h2{font-size:1.25rem;line-height:1.3;margin:0 0 6px}
.toc{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px 16px;margin:0 0 20px}
.toc h2{font-size:.8rem;text-transform:uppercase;letter-spacing:.06em;color:#57606a;margin:0 0 6px}
.toc ol{margin:0;padding-left:1.3em;columns:2 220px;column-gap:24px}
.toc li{break-inside:avoid;padding:2px 0}
a{color:#0550ae}
.section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:18px 20px;margin:0 0 20px;scroll-margin-top:12px}
.intro{color:#424a53;margin:0 0 14px}
.section>*:last-child{margin-bottom:0}
p{margin:0 0 12px;overflow-wrap:anywhere}
.block{margin:0 0 18px}
figure{margin:0 0 18px}
figcaption{font-weight:600;margin:0 0 8px;overflow-wrap:anywhere}
.footnote{color:#57606a;font-size:.85rem;margin:6px 0 0}
.empty{color:#57606a;font-style:italic;background:#f6f8fa;border:1px dashed #d0d7de;border-radius:6px;padding:12px 14px;margin:0}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,160px),1fr));gap:12px;margin:0 0 18px}
.kpi{border:1px solid #d0d7de;border-left:4px solid #8c959f;border-radius:6px;padding:10px 12px;min-width:0;container-type:inline-size}
.kpi-label{color:#57606a;font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;overflow-wrap:anywhere}
/* Sized to the card (cqi) so "$12,345.67" stays on one line in a narrow card; a longer figure still wraps rather than overflow. */
.kpi-value{font-size:clamp(1rem,12.5cqi,1.45rem);font-weight:650;line-height:1.25;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.kpi-detail{font-size:.85rem;color:#424a53;overflow-wrap:anywhere}
.table-scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid #d0d7de;border-radius:6px;max-width:100%}
.table-scroll:focus{outline:2px solid #0969da;outline-offset:2px}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{padding:7px 10px;text-align:left;vertical-align:top;border-bottom:1px solid #eaeef2}
th{background:#f6f8fa;font-weight:600;color:#424a53;white-space:nowrap}
tbody tr:last-child td{border-bottom:0}
td{min-width:7em;overflow-wrap:anywhere}
th.num,td.num{text-align:right;white-space:nowrap;min-width:0;font-variant-numeric:tabular-nums}
tr.row-good td:first-child{box-shadow:inset 4px 0 0 #1a7f37}
tr.row-warning td:first-child{box-shadow:inset 4px 0 0 #bf8700}
tr.row-bad td:first-child{box-shadow:inset 4px 0 0 #cf222e}
tr.row-muted td{color:#57606a}
.chart svg{display:block;width:100%;height:auto;max-width:100%}
.chart-narrow{display:none}
@media screen and (max-width:600px){
 .report{padding:14px 10px 28px}
 .table-scroll{border:0;overflow-x:visible}
 .report-table thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)}
 .report-table,.report-table tbody,.report-table tr{display:block;width:100%}
 .report-table tr{border:1px solid #d0d7de;border-radius:6px;padding:8px 10px;margin:0 0 8px}
 .report-table td,.report-table td.num{display:grid;grid-template-columns:minmax(6em,38%) minmax(0,1fr);gap:10px;border:0;padding:2px 0;text-align:left;white-space:normal;min-width:0}
 .report-table td::before{content:attr(data-label);color:#57606a;font-size:.8rem;font-weight:600;line-height:1.9}
 .report-table tr td:first-child{display:block;font-weight:600;padding:0 0 4px;box-shadow:none}
 .report-table td:first-child::before{content:none}
 .report-table tr.row-good{border-left:4px solid #1a7f37}
 .report-table tr.row-warning{border-left:4px solid #bf8700}
 .report-table tr.row-bad{border-left:4px solid #cf222e}
 .section{padding:14px 12px}
 .chart-wide{display:none}
 .chart-narrow{display:block}
 header.report-head h1{font-size:1.35rem}
 .kpi{padding:8px 10px}
}
.notice{border:1px solid;border-left-width:4px;border-radius:6px;padding:10px 12px;margin:0 0 18px;overflow-wrap:anywhere}
.notice-info{background:#ddf4ff;border-color:#0969da;color:#0a3069}
.notice-warning{background:#fff8c5;border-color:#9a6700;color:#4d2d00}
.notice-error{background:#ffebe9;border-color:#cf222e;color:#82071e}
.mark{display:inline-block;min-width:1.2em;font-weight:700;margin-right:4px;text-align:center}
.tone-good{color:#116329}
.tone-warning{color:#7d4e00}
.tone-bad{color:#a40e26}
.tone-muted{color:#57606a}
.kpi.tone-good{border-left-color:#1a7f37}
.kpi.tone-warning{border-left-color:#bf8700}
.kpi.tone-bad{border-left-color:#cf222e}
.kpi.tone-good .kpi-label,.kpi.tone-warning .kpi-label,.kpi.tone-bad .kpi-label{color:#57606a}
tr.row-good{background:#f0fff4}
tr.row-warning{background:#fffbe6}
tr.row-bad{background:#fff1f0}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
footer.report-foot{color:#57606a;font-size:.85rem;padding:4px 4px 0}
footer.report-foot p{margin:0 0 6px}
@media print{
 @page{margin:14mm}
 body{background:#fff;font-size:11pt}
 .report{max-width:none;padding:0}
 .section,.toc{border:0;padding:0;margin:0 0 16pt}
 .section{break-before:auto}
 h2{break-after:avoid}
 .table-scroll{overflow:visible;border:0}
 thead{display:table-header-group}
 tr{break-inside:avoid}
 .chart,.kpis,.kpi,.notice,figcaption{break-inside:avoid}
 .kpis{grid-template-columns:repeat(auto-fit,minmax(190px,1fr))}
 .chart-wide{display:block}
 .chart-narrow{display:none}
 a{color:inherit;text-decoration:none}
}
`;
