#!/usr/bin/env python3
"""Page-break sweep: the same plan printed so that a page break falls before, inside and after
each of its tables (recipients, actors, Gantt, costs).

  sweep.py --corpus DIR --out DIR [--stems S1,S2] [--tables recipients,actors,gantt,costs]
           [--producer lo-docx|lo-html]

For each table, filler sentences are added to the text just above it (appended to the
paragraph right before the table, or as a new paragraph there when the table follows a
heading or another table). More filler pushes the table down, so the page boundary climbs
through its rows. The plan is printed through PRODUCER (render.py's lo-docx: HTML -> DOCX ->
LibreOffice, the default; or lo-html: LibreOffice Writer/Web straight from the HTML, tables
without any rules) with 0, STEP, 2*STEP, ... sentences; `pdftotext` tells on which page each
row landed; the renders where the break falls before the table, after it, and between (or
inside) different rows are kept as OUT/<stem>.sweep-<table>-<i>.pdf (lo-docx) or
OUT/<stem>.sweep-html-<table>-<i>.pdf (lo-html), described in OUT/sweep.json. The filler has
no figures, no headings, no region names: the ground truth of the plan does not change.
"""
import argparse, json, os, random, re, shutil, subprocess, sys, tempfile, unicodedata
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import render  # noqa: E402

TABLE_CLASSES = {"recipients": ("dest",), "actors": ("actors", "attori"), "gantt": ("gantt",),
                 "costs": ("costs", "costi")}

# Plain administrative prose: no digits, no section words (azione, piano, obiettivo, destinatari,
# attori, costi, risorse, sezione, totale), no region, no population words.
_SUBJ = ["Il gruppo di lavoro", "La struttura competente", "Il personale incaricato", "Ogni soggetto partecipante",
         "La rete dei servizi", "Il coordinamento tecnico", "Ciascun ufficio interessato", "La segreteria operativa",
         "Il comitato di indirizzo", "Ogni referente territoriale", "La cabina tecnica", "Il tavolo di confronto"]
_VERB = ["seguirà con attenzione", "curerà con regolarità", "verificherà con cura", "documenterà in modo chiaro",
         "condividerà per tempo", "accompagnerà passo dopo passo", "raccoglierà con metodo", "esaminerà insieme ai partner",
         "descriverà con precisione", "sosterrà con continuità", "riesaminerà a intervalli regolari", "promuoverà apertamente"]
_OBJ = ["lo svolgimento dei lavori", "gli esiti degli incontri periodici", "le scelte organizzative adottate",
        "i materiali prodotti durante il percorso", "le osservazioni raccolte sul territorio", "le buone pratiche emerse",
        "i passaggi amministrativi necessari", "le proposte dei soggetti coinvolti", "le modalità di comunicazione interna",
        "gli strumenti di lavoro condivisi", "le criticità segnalate dagli operatori", "i risultati intermedi raggiunti"]
_END = ["nel rispetto delle procedure vigenti", "in accordo con gli enti partner", "secondo criteri di trasparenza",
        "con il contributo di tutte le parti", "favorendo il dialogo tra le istituzioni", "senza aggravio per gli uffici",
        "in un quadro di piena collaborazione", "con particolare cura per la qualità", "dando conto di ogni passaggio",
        "in modo coerente con le linee generali", "tenendo conto dei tempi di ciascuno", "con spirito di leale cooperazione"]


def filler_sentences(n, seed=2015):
    rng, seen, out = random.Random(seed), set(), []
    while len(out) < n:
        s = f"{rng.choice(_SUBJ)} {rng.choice(_VERB)} {rng.choice(_OBJ)} {rng.choice(_END)}."
        if s not in seen:
            seen.add(s); out.append(s)
    return out


def norm_tokens(s):
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", s).split()


def find_table(soup, kind):
    for t in soup.find_all("table"):
        if set(t.get("class") or []) & set(TABLE_CLASSES[kind]):
            return t
    return None


def with_filler(html, kind, k):
    """The plan with k filler sentences just above the table of `kind`."""
    soup = render.load(html)
    t = find_table(soup, kind)
    if k:
        text = " ".join(filler_sentences(k))
        prev = t.find_previous_sibling()
        if prev is not None and prev.name == "p":
            prev.append(" " + text)
        else:
            p = soup.new_tag("p"); p.string = text
            t.insert_before(p)
    return soup


def neighbour(t, forward):
    node = t.find_next_sibling() if forward else t.find_previous_sibling()
    while node is not None and not node.get_text(strip=True):
        node = node.find_next_sibling() if forward else node.find_previous_sibling()
    return node


class Layout:
    """Where the rows of one table (and the text around it) fell in one rendered PDF."""

    NS = (3, 4, 5)

    def __init__(self, soup, kind):
        doc = norm_tokens(soup.body.get_text(" ")) + norm_tokens(" ".join(render.HEADER))
        self.doc_counts = Counter(tuple(doc[i:i + n]) for n in self.NS for i in range(len(doc) - n + 1))
        t = find_table(soup, kind)
        self.rows = []  # per row: the signatures (n-grams unique in the document) of its cells
        for tr in t.find_all("tr"):
            sigs = []
            for cell in tr.find_all(["td", "th"], recursive=False):
                sigs += self.signatures(norm_tokens(cell.get_text(" ")))
            if not sigs:  # cells too short ("III° TRIM"): n-grams across the row, read left to right
                sigs = self.signatures(norm_tokens(tr.get_text(" ")))
            self.rows.append(sigs)
        # the end of the text above the table and the start of the text below it: a heading
        # may also be in the table of contents, so these are looked for near the table
        prev, nxt = neighbour(t, False), neighbour(t, True)
        ngrams = lambda toks: [tuple(toks[i:i + 3]) for i in range(len(toks) - 2)]
        self.prev = ngrams(norm_tokens(prev.get_text(" "))[-12:]) if prev is not None else []
        self.next = ngrams(norm_tokens(nxt.get_text(" "))[:12]) if nxt is not None else []

    def signatures(self, toks):
        for n in self.NS:
            sigs = [tuple(toks[i:i + n]) for i in range(len(toks) - n + 1)]
            sigs = [s for s in sigs if self.doc_counts[s] == 1]
            if sigs:
                return sigs
        return []

    def measure(self, pdf):
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], check=True,
                              capture_output=True, text=True).stdout
        where = defaultdict(list)
        for page, ptext in enumerate(text.split("\f"), 1):
            toks = norm_tokens(ptext)
            for n in self.NS:
                for i in range(len(toks) - n + 1):
                    where[tuple(toks[i:i + n])].append(page)
        pages = lambda sigs: sorted({where[s][0] for s in sigs if len(where[s]) == 1})
        items = []  # (what, page) in reading order
        for i, sigs in enumerate(self.rows, 1):
            p = pages(sigs)
            if p:
                items += [(("first", i), p[0]), (("last", i), p[-1])]
        if not items:
            return {"breaks": [], "first_page": None, "last_page": None}
        first, last = items[0][1], items[-1][1]
        # each n-gram of the text above: its last page up to the table's first; the most common
        before = [max(p for p in where[s] if p <= first) for s in self.prev if any(p <= first for p in where[s])]
        after = [min(p for p in where[s] if p >= last) for s in self.next if any(p >= last for p in where[s])]
        if before:
            items.insert(0, ("prev", Counter(before).most_common(1)[0][0]))
        if after:
            items.append(("next", Counter(after).most_common(1)[0][0]))
        breaks = []
        for (a, pa), (b, pb) in zip(items, items[1:]):
            if pb <= pa:
                continue
            if a == "prev":
                breaks.append({"key": 0.0, "where": "before the table", "pages": [pa, pb]})
            elif b == "next":
                breaks.append({"key": float(len(self.rows)), "where": "after the table", "pages": [pa, pb]})
            elif a[1] == b[1]:
                breaks.append({"key": a[1] - 0.5, "where": f"inside row {a[1]}/{len(self.rows)} (row split)",
                               "pages": [pa, pb]})
            else:
                breaks.append({"key": float(a[1]), "where": f"between rows {a[1]}|{b[1]} of {len(self.rows)}",
                               "pages": [pa, pb]})
        return {"breaks": breaks, "first_page": first, "last_page": last}


# producer -> the infix of the kept PDFs' names (<stem>.<infix>-<table>-<i>.pdf)
PRODUCERS = {"lo-docx": "sweep", "lo-html": "sweep-html"}


def render_batch(soups, names, workdir, producer="lo-docx"):
    """Print several variants in one LibreOffice run, as render.lo_docx or render.lo_html would."""
    paths = []
    for soup, name in zip(soups, names):
        if producer == "lo-html":
            p = os.path.join(workdir, name + ".html")
            open(p, "w", encoding="utf-8").write(str(soup))
        else:
            p = os.path.join(workdir, name + ".docx")
            render.build_docx(soup).save(p)
        paths.append(p)
    if producer == "lo-html":
        return render.soffice(paths, workdir, "pdf:writer_web_pdf_Export")
    return render.soffice(paths, workdir)


def choose(results, n_rows):
    """Renders that put the break before, after, and at (up to three) different places inside.
    A render is kept once: a table longer than a page (Writer/Web) can show two of these
    breaks in one render; the other is then taken from another render that shows it, or left
    out (the kept render shows it already), not kept twice under two names."""
    chosen = {}
    for k, m in results:
        for b in m["breaks"]:
            chosen.setdefault(b["key"], []).append((k, b))
    keys = [0.0] if 0.0 in chosen else []
    inner = sorted(key for key in chosen if 0.0 < key < n_rows)
    between = [key for key in inner if key == int(key)]
    pool = between if len(between) >= 2 else inner
    if pool:  # spread: near the top, the middle and the bottom of the table
        keys += sorted({pool[0], pool[len(pool) // 2], pool[-1]})
    if float(n_rows) in chosen:
        keys.append(float(n_rows))
    picks, used = [], set()
    for key in keys:
        kb = next(((k, b) for k, b in chosen[key] if k not in used), None)
        if kb is not None:
            picks.append(kb); used.add(kb[0])
    return picks


def sweep_table(html, stem, kind, outdir, workdir, step, max_filler, log, producer="lo-docx"):
    base = render.load(html)
    if find_table(base, kind) is None:
        return []
    results, k = {}, 0

    def run(ks):
        ks = [k for k in ks if k not in results]
        if not ks:
            return
        soups = [with_filler(html, kind, k) for k in ks]
        pdfs = render_batch(soups, [f"{stem}-{kind}-{k:03d}" for k in ks], workdir, producer)
        for k, soup, pdf in zip(ks, soups, pdfs):
            results[k] = (Layout(soup, kind).measure(pdf), pdf)

    n_rows = len(Layout(base, kind).rows)
    seen = lambda: {b["key"] for m, _ in results.values() for b in m["breaks"]}
    while k <= max_filler:  # coarse scan, in batches, until before and after were both seen
        run(range(k, k + 8 * step, step))
        k += 8 * step
        # the windows for "before" and "after" can be narrower than STEP: look inside the
        # steps where the table's first (last) page moved on
        ks, extra = sorted(results), []
        for a, b in zip(ks, ks[1:]):
            ma, mb = results[a][0], results[b][0]
            if (0.0 not in seen() and ma["first_page"] != mb["first_page"]) or \
               (float(n_rows) not in seen() and ma["last_page"] != mb["last_page"]):
                extra += range(a + 1, b)
        if extra:
            run(extra)
        if 0.0 in seen() and float(n_rows) in seen() and len(seen()) >= 4:
            break
    picks = choose(sorted((k, m) for k, (m, _) in results.items()), n_rows)
    picks.sort(key=lambda kb: kb[1]["key"])
    out = []
    for i, (k, b) in enumerate(picks, 1):
        m, pdf = results[k]
        name = f"{stem}.{PRODUCERS[producer]}-{kind}-{i}.pdf"
        shutil.copy(pdf, os.path.join(outdir, name))
        desc = "; ".join(f"p{x['pages'][0]}|p{x['pages'][1]} {x['where']}" for x in m["breaks"])
        log(f"{name}: filler {k:3d} sentences: {desc}")
        out.append({"file": name, "stem": stem, "table": kind, "producer": producer, "filler_sentences": k,
                    "target": b["where"], "breaks": m["breaks"]})
    kept = {b["key"] for k, _ in picks for b in results[k][0]["breaks"]}
    missing = [w for w, key in (("before", 0.0), ("after", float(n_rows))) if key not in kept]
    log(f"{stem} {kind}: {len(picks)} positions from {len(results)} renders"
        + (f"; never seen: {', '.join(missing)}" if missing else ""))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="/work/shared/corpus")
    ap.add_argument("--out", required=True)
    ap.add_argument("--stems", help="comma-separated stems (default: every <stem>.html in the corpus)")
    ap.add_argument("--tables", default=",".join(TABLE_CLASSES))
    ap.add_argument("--step", type=int, default=3, help="filler sentences between two coarse renders")
    ap.add_argument("--max-filler", type=int, default=120)
    ap.add_argument("--producer", choices=list(PRODUCERS), default="lo-docx",
                    help="lo-docx (HTML -> DOCX -> LibreOffice) or lo-html (LibreOffice Writer/Web)")
    a = ap.parse_args()
    stems = a.stems.split(",") if a.stems else sorted(f[:-5] for f in os.listdir(a.corpus) if f.endswith(".html"))
    os.makedirs(a.out, exist_ok=True)
    manifest = []
    with tempfile.TemporaryDirectory(prefix="sweep-") as work:
        for stem in stems:
            for kind in a.tables.split(","):
                manifest += sweep_table(os.path.join(a.corpus, stem + ".html"), stem, kind, a.out, work,
                                        a.step, a.max_filler, lambda s: print(s, flush=True), a.producer)
    json.dump(manifest, open(os.path.join(a.out, "sweep.json"), "w"), indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
