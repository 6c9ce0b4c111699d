#!/usr/bin/env python3
"""Regional-wording content variants of a corpus plan, HTML and ground truth together.

  rvariants.py KIND IN.html IN_GT.json OUT.html OUT_GT.json [ARG]

secnum    : SEZIONE 1/2/3 (arabic), sub-section numbers with a trailing period ("1.2. Destinatari"),
            chapter numbers without one ("1 Principali ...").
secword   : mixed case, ordinal words: "Sezione prima – Il quadro ...", "1.2 – I destinatari degli
            interventi", "1.4 – Cronoprogramma delle attività (Gantt)" ...
seclet    : "PARTE I/II/III" and 1.1-1.5 lettered "A) Risultati e attività" ... "E) Modalità ..."
glabels   : Gantt quarter labels in another style; ARG = style index offset (0/1)
            styles: "III trim. 2015", "3° trimestre 2015", "T3 2015", "lug-set 2015"
gmarks    : Gantt marks drawn with another glyph; ARG = offset; glyphs ●, ■, x, √, *
costeur   : cost amounts "224.205,00 €" / "32.000 €", header "Costo previsto (€)" / "Voci di spesa",
            total "TOTALE GENERALE"; Liguria prose "€ 48.000" without decimals, "Totale complessivo"
costcol   : "€" in its own column, amounts without decimals, header "Importo", "Totale complessivo";
            Liguria prose "48.000,00 Euro"
tabheads  : recipients/actors table headers reworded ("Beneficiari attesi", "N. previsto", "Target",
            "Numero", "Soggetti coinvolti", "Ruolo nel progetto")
ticks     : pilot-action tick boxes with other glyphs; ARG = offset
            pairs: (☑,☐) ([X],[ ]) (X,'') (■,□)
contacts  : cover contacts relabelled ("Struttura regionale competente", "Ufficio referente",
            "Dirigente responsabile", "Referente del procedimento"), "Telefono"/"E-mail:" prefixes
"""
import json, re, sys
from bs4 import BeautifulSoup, NavigableString

STEMS = ["000_1f2cd472f46066f6", "001_c47a66b1d1303a5e", "002_c55eb3ee00ca505f", "003_a4bc456a991b883d"]
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
ROM = {1: "I", 2: "II", 3: "III", 4: "IV"}
MONTHS = ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"]


def plan_index(gt):
    return STEMS.index(gt["seed"][:-4]) if gt.get("seed", "")[:-4] in STEMS else 0


def headings(soup):
    return [h for h in soup.find_all(re.compile(r"^h[1-6]$"))]


def set_text(tag, text):
    tag.clear()
    tag.append(NavigableString(text))


def rename_headings(soup, gt, fn):
    """fn(id, text) -> new text or None; the ground truth's headings are matched in order."""
    hs = headings(soup)
    gh = gt["headings"]
    j = 0
    for h in hs:
        t = h.get_text(" ", strip=True)
        # find the matching gt heading (document order)
        while j < len(gh) and re.sub(r"\s+", " ", gh[j]["text"]).strip()[:25] != t[:25]:
            j += 1
        if j >= len(gh):
            raise SystemExit(f"heading not in GT: {t[:60]}")
        new = fn(gh[j]["id"], t)
        if new and new != t:
            set_text(h, new)
            gh[j]["text"] = new
        j += 1
    return gt


def secnum(soup, gt, _):
    def fn(i, t):
        m = re.match(r"SEZIONE (I{1,3})\b(.*)", t)
        if m and i.startswith("sezione_") and i.count("_") == 1 and "." not in i:
            return f"SEZIONE {ROMAN[m.group(1)]}{m.group(2)}"
        m = re.match(r"(\d\.\d) (.*)", t)
        if m and i.startswith("sezione_2.1."):
            return f"{m.group(1)}. {m.group(2)}"
        m = re.match(r"(\d)\. (.*)", t)
        if m and i in ("sezione_1.1", "sezione_1.2", "sezione_2.1", "sezione_3.1", "sezione_3.2"):
            return f"{m.group(1)} {m.group(2)}"
        return None
    return rename_headings(soup, gt, fn)


ORD = {1: "prima", 2: "seconda", 3: "terza"}
SUBWORD = {"sezione_2.1.1": "Risultati attesi e attività",
           "sezione_2.1.2": "I destinatari degli interventi",
           "sezione_2.1.3": "Il sistema degli attori coinvolti",
           "sezione_2.1.4": "Cronoprogramma delle attività (Gantt)",
           "sezione_2.1.5": "Modalità di utilizzo delle risorse finanziarie"}


def secword(soup, gt, _):
    def fn(i, t):
        m = re.match(r"SEZIONE (I{1,3})\s*[-–]\s*(.*)", t)
        if m and i in ("sezione_1", "sezione_2", "sezione_3"):
            return f"Sezione {ORD[ROMAN[m.group(1)]]} – {m.group(2).capitalize()}"
        if i == "premessa":
            return "Premessa"
        if i in SUBWORD:
            m = re.match(r"(\d\.\d|[a-e]\.)\s*(.*)", t)
            num = m.group(1) if m else ""
            if num.endswith("."):
                return f"{num} {SUBWORD[i]}"
            return f"{num} – {SUBWORD[i]}" if num else SUBWORD[i]
        return None
    return rename_headings(soup, gt, fn)


def seclet(soup, gt, arg):
    letters = {"sezione_2.1.1": "A)", "sezione_2.1.2": "B)", "sezione_2.1.3": "C)", "sezione_2.1.4": "D)",
               "sezione_2.1.5": "E)"}

    def fn(i, t):
        m = re.match(r"SEZIONE (I{1,3})\b(.*)", t)
        if m and i in ("sezione_1", "sezione_2", "sezione_3") and arg != "letters":
            return f"PARTE {m.group(1)}{m.group(2)}"
        if i in letters and arg != "parte":
            rest = re.sub(r"^(\d\.\d|[a-e]\.)\s*", "", t)
            return f"{letters[i]} {rest}"
        return None
    return rename_headings(soup, gt, fn)


def gantt_table(soup):
    for t in soup.find_all("table"):
        if "gantt" in (t.get("class") or []) or ("TRIM" in t.get_text() and "TIPOLOGIA" in t.get_text().upper()):
            return t
    raise SystemExit("no Gantt table")


def quarter_cells(t):
    return [c for c in t.find_all(["td", "th"])
            if re.fullmatch(r"(I|II|III|IV)°?\s*TRIM", c.get_text(" ", strip=True))]


def glabels(soup, gt, arg):
    k = (plan_index(gt) + int(arg or 0)) % 4
    t = gantt_table(soup)
    cells = quarter_cells(t)
    periods = gt["gantt"]["periods"]
    assert len(cells) == len(periods), (len(cells), periods)
    labels = []
    for c, p in zip(cells, periods):
        y, q = p.split("-Q"); q = int(q)
        lab = [f"{ROM[q]} trim. {y}", f"{q}° trimestre {y}", f"T{q} {y}",
               f"{MONTHS[3*q-3]}-{MONTHS[3*q-1]} {y}"][k]
        keep_b = c.find("b") is not None
        c.clear()
        if keep_b:
            b = soup.new_tag("b"); b.string = lab; c.append(b)
        else:
            c.append(NavigableString(lab))
        labels.append(lab)
    gt["gantt"]["period_labels"] = labels
    return gt


GLYPHS = ["●", "■", "x", "√", "*"]


def gmarks(soup, gt, arg):
    g = GLYPHS[(plan_index(gt) + int(arg or 0)) % len(GLYPHS)]
    t = gantt_table(soup)
    n = 0
    for c in t.find_all("td"):
        if re.fullmatch(r"\s*[xX]+\s*", c.get_text()):
            keep_b = c.find("b") is not None
            c.clear(); c.append(NavigableString(g)); n += 1
    for r in gt["gantt"]["rows"]:
        if r.get("marks"):
            r["mark_text"] = [g for _ in r["marks"]]
    assert n, "no marks"
    return gt


def cost_table(soup):
    for t in soup.find_all("table"):
        cls = t.get("class") or []
        if "costs" in cls or "costi" in cls:
            return t
    return None


def it_amount(v, decimals=True):
    s = f"{v:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return s if decimals else s[:-3]


def liguria_prose(soup, gt, item_fmt, total_fmt, grand_fmt):
    """Rewrites the prose cost lines 'Label: euro 48.000,00', 'Totale euro 67.000,00'."""
    for p in soup.find_all("p"):
        t = p.get_text()
        m = re.fullmatch(r"(.*?): euro ([\d.]+,\d\d)", t.strip())
        m2 = re.fullmatch(r"Totale euro ([\d.]+,\d\d)", t.strip())
        m3 = re.fullmatch(r"Costo totale dell.intervento euro ([\d.]+,\d\d)", t.strip())
        if m:
            new = item_fmt(m.group(2)); set_text(p, f"{m.group(1)}: {new}")
            for it in gt["costs"]["items"]:
                if it["amount_text"] == f"euro {m.group(2)}" and it["item"].startswith(m.group(1)[:30]):
                    it["amount_text"] = new
        elif m2:
            new = total_fmt(m2.group(1)); set_text(p, new)
            for a in gt["costs"]["action_totals"]:
                if a["amount_text"] == t.strip():
                    a["amount_text"] = new; break
        elif m3:
            new = grand_fmt(m3.group(1)); set_text(p, new)
            gt["costs"]["declared_total_text"] = new
    return gt


def nodec(s):
    return s[:-3] if s.endswith(",00") else s


def costeur(soup, gt, _):
    t = cost_table(soup)
    if t is None:
        if gt["costs"]["items"]:
            return liguria_prose(soup, gt, lambda a: f"€ {nodec(a)}", lambda a: f"Totale: € {nodec(a)}",
                                 lambda a: f"Totale complessivo dell’intervento: € {nodec(a)}")
        raise SystemExit("no costs")
    rows = t.find_all("tr")
    hdr = rows[0].find_all(["td", "th"])
    for c, new in zip(hdr, ["Azione", "Costo previsto (€)", "Voci di spesa"]):
        b = c.find("b")
        (b or c).string = new
    for c in t.find_all("td", class_=["amt", "r"]):
        txt = c.get_text(" ", strip=True)
        m = re.fullmatch(r"(?:€|EURO)\s*(.*)", txt)
        num = m.group(1) if m else txt
        new = f"{num} €"
        b = c.find("b")
        (b or c).string = new
        for a in gt["costs"]["action_totals"]:
            if a["amount_text"] == txt:
                a["amount_text"] = new
        for it in gt["costs"]["items"]:
            if it["amount_text"] == txt:
                it["amount_text"] = new
        if gt["costs"].get("declared_total_text", "") and gt["costs"]["declared_total_text"].endswith(txt):
            gt["costs"]["declared_total_text"] = "TOTALE GENERALE " + new
    for c in t.find_all("td"):
        if c.get_text(strip=True) == "Totale":
            (c.find("b") or c).string = "TOTALE GENERALE"
    return gt


def costcol(soup, gt, _):
    t = cost_table(soup)
    if t is None:
        if gt["costs"]["items"]:
            return liguria_prose(soup, gt, lambda a: f"{a} Euro", lambda a: f"Totale azione: {a} Euro",
                                 lambda a: f"Totale complessivo: {a} Euro")
        raise SystemExit("no costs")
    rows = t.find_all("tr")
    hdr = rows[0].find_all(["td", "th"])
    for c, new in zip(hdr, ["Azione", "Importo", "Principali voci di costo"]):
        (c.find("b") or c).string = new
    hdr[1]["colspan"] = "2"
    for c in t.find_all("td", class_=["amt", "r"]):
        txt = c.get_text(" ", strip=True)
        m = re.fullmatch(r"(?:€|EURO)\s*(.*)", txt)
        num = nodec(m.group(1) if m else txt)
        eur = soup.new_tag("td"); eur.string = "€"
        if c.get("rowspan"):
            eur["rowspan"] = c["rowspan"]
        c.insert_before(eur)
        (c.find("b") or c).string = num
        for a in gt["costs"]["action_totals"]:
            if a["amount_text"] == txt:
                a["amount_text"] = num
        for it in gt["costs"]["items"]:
            if it["amount_text"] == txt:
                it["amount_text"] = num
        if gt["costs"].get("declared_total_text", "") and gt["costs"]["declared_total_text"].endswith(txt):
            gt["costs"]["declared_total_text"] = "Totale complessivo € " + num
    for c in t.find_all("td"):
        if c.get_text(strip=True) == "Totale":
            (c.find("b") or c).string = "Totale complessivo"
    return gt


def find_table(soup, *names):
    for t in soup.find_all("table"):
        if set(names) & set(t.get("class") or []):
            return t


def reword_cells(t, mapping):
    for c in t.find_all(["td", "th"]):
        txt = c.get_text(" ", strip=True)
        if txt in mapping:
            (c.find("b") or c).string = mapping[txt]


def tabheads(soup, gt, arg):
    d = find_table(soup, "dest")
    a = find_table(soup, "actors", "attori")
    if arg and arg.startswith("only:"):
        old, new = arg[5:].split("=")
        reword_cells(d, {old: new}); reword_cells(a, {old: new})
        return gt
    reword_cells(d, {"Destinatari che ci si aspetta di raggiungere": "Beneficiari attesi",
                     "Azione n.": "Azione", "n.": "Azione", "Q.tà": "N. previsto",
                     "Tipologia": "Target / Beneficiari"})
    reword_cells(a, {"Sistema degli attori territoriali coinvolti": "Soggetti del territorio coinvolti",
                     "Azione n.": "Azione", "n.": "Azione", "Q.tà": "Numero",
                     "Tipologia": "Soggetti coinvolti",
                     "Contributo/modalità di coinvolgimento": "Ruolo nel progetto"})
    return gt


TICKS = [("☑", "☐"), ("[X]", "[ ]"), ("X", ""), ("■", "□")]


def ticks(soup, gt, arg):
    on, off = TICKS[(plan_index(gt) + int(arg or 0)) % len(TICKS)]
    n = 0
    for t in soup.find_all("table", class_=["form", "azione"]):
        for s in list(t.find_all(string=True)):
            v = str(s)
            if "■" in v and on == "■":
                v = v.replace("■", "")     # Marche's box column: ■ means nothing ticked (GT False/False)
            if "☒" in v or "☐" in v:
                v2 = v.replace("☒ ", on + " ").replace("☐ ", (off + " ") if off else "")
                v2 = v2.replace("☒", on).replace("☐", off)
                n += 1
                v = v2
            if v != str(s):
                s.replace_with(v)
    assert n
    return gt


def contacts(soup, gt, _):
    t = find_table(soup, "contacts")
    if t is None:
        raise SystemExit("no contacts table")
    labels = ["Struttura regionale competente", "Ufficio referente",
              "Dirigente responsabile", "Referente del procedimento"]
    rows = [r for r in t.find_all("tr") if len(r.find_all("td")) == 2]
    for r, lab, g in zip(rows, labels, gt["contacts"]):
        l, v = r.find_all("td")
        l.clear(); l.append(NavigableString(lab + ":"))
        txt = v.get_text(" ", strip=True)
        new = re.sub(r"\bTel\. ?", "Telefono: ", txt)
        new = re.sub(r"(?<![:\w])([\w.\-]+@[\w.\-]+\.\w+)", r"E-mail: \1", new)
        new = re.sub(r"\bMail: E-mail: ", "E-mail: ", new)
        v.clear(); v.append(NavigableString(new))
        assert g["text"].split()[:2] == txt.split()[:2], (g["text"][:40], txt[:40])
        g["text"] = new
    return gt


KINDS = {k: globals()[k] for k in ["secnum", "secword", "seclet", "glabels", "gmarks", "costeur", "costcol",
                                   "tabheads", "ticks", "contacts"]}

if __name__ == "__main__":
    kind, src, gsrc, dst, gdst = sys.argv[1:6]
    arg = sys.argv[6] if len(sys.argv) > 6 else None
    soup = BeautifulSoup(open(src, encoding="utf-8").read(), "html.parser")
    gt = json.load(open(gsrc, encoding="utf-8"))
    gt = KINDS[kind](soup, gt, arg)
    open(dst, "w", encoding="utf-8").write(str(soup))
    json.dump(gt, open(gdst, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
