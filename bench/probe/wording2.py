#!/usr/bin/env python3
"""Round-2 content variants, HTML and ground truth together.

  rv2.py KIND IN.html IN_GT.json OUT.html OUT_GT.json [ARG]

extracol   : recipients + actors tables get a trailing "Note" column (some rows filled)
actorder   : actors table columns reordered: Azione | Contributo (role) | Tipologia (name) | Q.tà
groman     : Gantt quarter row as bare roman numerals "III IV I II III" under the year row
gresp      : Gantt with a "Responsabile" column between activity label and the periods
gnobanner  : Gantt without the code-less group banner rows (AZIONE DI SISTEMA..., LIVELLO REGIONALE ...)
costlong   : costs as a long table Azione | Voce di costo | Importo, action cell merged over its items,
             a "Totale azione" row per action and "Totale complessivo"
costmis    : declared totals that disagree with the sums (001: grand total; 000: action A total)
costtypo   : 001 "€ 224 205,00" (space thousands) and "€ 24,912.00" (English); 003 "€25.000", "15.000,-"
azupper    : "AZIONE 1 – INSERIMENTO ..." uppercase form titles
azn        : "Azione n. 1 – ..." titles and tick labels "Titolarità regionale" / "Regia regionale"
stats      : statistics prose rephrased (per cento, milioni, mila, figure first, quasi un decimo)
"""
import json, re, sys
from bs4 import BeautifulSoup, NavigableString

STEMS = ["000_1f2cd472f46066f6", "001_c47a66b1d1303a5e", "002_c55eb3ee00ca505f", "003_a4bc456a991b883d"]


def stem_of(gt):
    return gt["seed"][:-4]


def find_table(soup, *names):
    for t in soup.find_all("table"):
        if set(names) & set(t.get("class") or []):
            return t


def set_text(tag, text):
    tag.clear(); tag.append(NavigableString(text))


def grid_rows(t):
    """[(tr, [(cell, start_col, colspan)])] using rowspan/colspan occupancy."""
    occ = {}
    out = []
    for r, tr in enumerate(t.find_all("tr")):
        col = 0; cells = []
        for c in tr.find_all(["td", "th"], recursive=False):
            while occ.get((r, col)):
                col += 1
            cs = int(c.get("colspan", 1)); rs = int(c.get("rowspan", 1))
            for dr in range(rs):
                for dc in range(cs):
                    occ[(r + dr, col + dc)] = True
            cells.append((c, col, cs))
            col += cs
        out.append((tr, cells))
    return out


def ncols(t):
    return max(s + cs for _, cells in grid_rows(t) for _, s, cs in cells)


# ---------------------------------------------------------------- tables
def extracol(soup, gt, _):
    for t in (find_table(soup, "dest"), find_table(soup, "actors", "attori")):
        n = ncols(t)
        hdr_done = False
        for i, (tr, cells) in enumerate(grid_rows(t)):
            if len(cells) == 1 and cells[0][2] == n:       # caption row spanning all
                cells[0][0]["colspan"] = str(n + 1); continue
            last = cells[-1] if cells else None
            if not hdr_done and any(c.name == "th" or "Tipologia" in c.get_text() for c, _, _ in cells):
                new = soup.new_tag(cells[0][0].name); new.string = "Note"
                if cells[0][0].get("class"):
                    new["class"] = cells[0][0]["class"]
                tr.append(new); hdr_done = True; continue
            if last is not None and last[1] + last[2] < n:
                # row whose last columns are covered by a rowspan from above: still append a cell
                pass
            new = soup.new_tag("td")
            new.string = ["vedi scheda azione", "", "da confermare", ""][i % 4]
            tr.append(new)
    return gt


def actorder(soup, gt, _):
    t = find_table(soup, "actors", "attori")
    n = ncols(t)
    assert n == 4
    newpos = {0: 0, 1: 3, 2: 2, 3: 1}   # Q.tà -> last, Tipologia stays 3rd, Contributo -> 2nd
    for tr, cells in grid_rows(t):
        if len(cells) == 1 and cells[0][2] == 4:
            continue
        for c, s, cs in cells:
            assert cs == 1, "colspan inside actors body"
            c.extract()
        for c, s, cs in sorted(cells, key=lambda x: newpos[x[1]]):
            tr.append(c)
    return gt


# ---------------------------------------------------------------- gantt
def gantt_table(soup):
    return find_table(soup, "gantt")


def quarter_cells(t):
    return [c for c in t.find_all(["td", "th"])
            if re.fullmatch(r"(I|II|III|IV)°?\s*TRIM", c.get_text(" ", strip=True))]


def groman(soup, gt, _):
    t = gantt_table(soup)
    cells = quarter_cells(t)
    labs = []
    for c in cells:
        r = re.match(r"(III|II|IV|I)", c.get_text(strip=True)).group(1)
        (c.find("b") or c).string = r
        labs.append(r)
    gt["gantt"]["period_labels"] = labs
    return gt


def gresp(soup, gt, _):
    t = gantt_table(soup)
    rows = grid_rows(t)
    # label column: the header "TIPOLOGIA" spans cols 0-1; insert the new column at col 2
    for i, (tr, cells) in enumerate(rows):
        if i == 1:
            continue   # quarter row: covered by the rowspan=2 header cell
        if i == 0:
            c0 = cells[0][0]
            new = soup.new_tag(c0.name); new.string = "Responsabile"; new["rowspan"] = "2"
            if c0.get("class"):
                new["class"] = c0["class"]
            c0.insert_after(new); continue
        spanning = [c for c, s, cs in cells if s <= 2 < s + cs]
        if spanning and [x for x in cells if x[0] is spanning[0]][0][1] < 2:
            spanning[0]["colspan"] = str(int(spanning[0].get("colspan", 1)) + 1); continue
        before = [c for c, s, cs in cells if s + cs <= 2]
        new = soup.new_tag("td")
        label = " ".join(c.get_text(" ", strip=True) for c in before)
        marked = any(re.fullmatch(r"[xX]+", c.get_text(strip=True)) for c, s, cs in cells)
        new.string = ["Regione", "Ente capofila", "Regione / ANCI"][i % 3] if marked else ""
        before[-1].insert_after(new)
    return gt


def gnobanner(soup, gt, _):
    t = gantt_table(soup)
    keep = []
    for tr, cells in grid_rows(t)[2:]:
        txt = [c.get_text(" ", strip=True) for c, _, _ in cells]
        nonempty = [x for x in txt if x]
        if len(nonempty) == 1 and not re.match(r"^\d", nonempty[0]) and not any("X" == x for x in txt):
            # banner row: one text cell, no code
            tr.decompose()
    n0 = len(gt["gantt"]["rows"])
    gt["gantt"]["rows"] = [r for r in gt["gantt"]["rows"] if not (r["is_group"] and not (r["code"] or "").strip())]
    print(f"  gnobanner: gt rows {n0} -> {len(gt['gantt']['rows'])}", file=sys.stderr)
    return gt


# ---------------------------------------------------------------- costs
def it(v, dec=True):
    s = f"{v:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return s


def costlong(soup, gt, _):
    c = gt["costs"]
    actions = []
    for itm in c["items"]:
        a = itm.get("action") or itm.get("action_inferred")
        itm["action"] = a   # drawn under the action's merged cell
        if not actions or actions[-1][0] != a:
            actions.append((a, []))
        actions[-1][1].append(itm)
    totals = {a["action"]: a for a in c["action_totals"]}
    t = soup.new_tag("table"); t["class"] = "costs"
    def row(*cells):
        tr = soup.new_tag("tr")
        for txt, attrs in cells:
            td = soup.new_tag("td"); td.string = txt
            for k, v in attrs.items():
                td[k] = v
            tr.append(td)
        t.append(tr); return tr
    hdr = soup.new_tag("tr")
    for h in ["Azione", "Voce di costo", "Importo (€)"]:
        th = soup.new_tag("th"); th.string = h; hdr.append(th)
    t.append(hdr)
    for a, items in actions:
        for k, itm in enumerate(items):
            txt = "" if itm.get("amount") is None else it(itm["amount"])
            itm["amount_text"] = txt or None
            cells = [(itm["item"], {}), (txt, {"class": "amt"})]
            if k == 0:
                cells.insert(0, (a, {"rowspan": str(len(items))}))
            row(*cells)
        tot = totals.get(a)
        if tot:
            row(("Totale azione", {"colspan": "2"}), (it(tot["declared"]), {"class": "amt"}))
            tot["amount_text"] = "Totale azione " + it(tot["declared"])
    row(("Totale complessivo", {"colspan": "2"}), (it(c["declared_total"]), {"class": "amt"}))
    c["declared_total_text"] = "Totale complessivo " + it(c["declared_total"])
    old = find_table(soup, "costs", "costi")
    if old is not None:
        old.replace_with(t)
    else:   # Liguria prose: replace from the first h4 after 1.5 to the "Costo totale" line
        h = [x for x in soup.find_all(re.compile("^h[1-4]$")) if "Modalità di utilizzo" in x.get_text()][0]
        nodes = []
        for sib in h.find_next_siblings():
            if sib.name in ("h1", "h2", "h3"):
                break
            if sib.name == "h4" or (sib.name == "p" and (re.search(r"\d\.\d{3},\d\d$", sib.get_text().strip())
                                                          or any(sib.get_text().strip().startswith(i["item"][:40]) for i in c["items"]))):
                nodes.append(sib)
        nodes[0].insert_before(t)
        for x in nodes:
            x.decompose()
    return gt


def costmis(soup, gt, _):
    s = stem_of(gt)
    if s == STEMS[1]:
        for td in soup.find_all("td"):
            if td.get_text(strip=True) == "€ 249.117":
                (td.find("b") or td).string = "€ 259.117"
        gt["costs"]["declared_total"] = 259117.0
        gt["costs"]["declared_total_text"] = "Totale € 259.117"
        gt["costs"]["anomalies"] = ["action totals sum to 249.117 but declared total 259.117"]
    elif s == STEMS[0]:
        for p in soup.find_all("p"):
            if p.get_text().strip() == "Totale euro 67.000,00":
                set_text(p, "Totale euro 76.000,00")
        for a in gt["costs"]["action_totals"]:
            if a["declared"] == 67000.0:
                a["declared"] = 76000.0; a["amount_text"] = "Totale euro 76.000,00"
        gt["costs"]["anomalies"].append("A) items 67.000 but declared 76.000")
    else:
        raise SystemExit("costmis: no recipe")
    return gt


def costtypo(soup, gt, _):
    s = stem_of(gt)
    rep = {STEMS[1]: {"€ 224.205,00": "€ 224 205,00", "€ 24.912,00": "€ 24,912.00"},
           STEMS[3]: {"25.000": "€25.000", "15.000": "15.000,-"}}[s]
    t = find_table(soup, "costs", "costi")
    done = set()
    for td in t.find_all("td"):
        v = td.get_text(strip=True)
        if v in rep and v not in done:
            (td.find("b") or td).string = rep[v]; done.add(v)
            for x in gt["costs"]["items"] + gt["costs"]["action_totals"]:
                if x.get("amount_text") == v:
                    x["amount_text"] = rep[v]; break
    assert len(done) == len(rep), done
    return gt


# ---------------------------------------------------------------- pilot forms
def form_titles(soup):
    for s in list(soup.find_all(string=re.compile(r"^\s*Azione \d"))):
        td = s.find_parent("td")
        if td and td.find_parent("table", class_=["form", "azione"]):
            yield s


def azupper(soup, gt, _):
    for s in form_titles(soup):
        v = str(s)
        m = re.match(r"(\s*)Azione (\d)\.?\s*(.*)", v, re.S)
        s.replace_with(f"{m.group(1)}AZIONE {m.group(2)} – {m.group(3).upper()}")
    for p in gt["pilot_actions"]:
        p["title"] = p["title"].upper()
    return gt


def azn(soup, gt, arg):
    for s in (form_titles(soup) if arg != "tick" else []):
        v = str(s)
        m = re.match(r"(\s*)Azione (\d)\.?\s*(.*)", v, re.S)
        s.replace_with(f"{m.group(1)}Azione n. {m.group(2)} – {m.group(3)}")
    for s in (list(soup.find_all(string=re.compile(r"a (titolarità|regia) regionale \("))) if arg != "title" else []):
        v = str(s).replace("a titolarità regionale", "Titolarità regionale").replace("a regia regionale", "Regia regionale")
        s.replace_with(v)
    return gt


# ---------------------------------------------------------------- statistics
def replace_text(soup, old, new):
    """Replace `old` inside one paragraph's text (the paragraph loses its inline markup)."""
    for p in soup.find_all(["p", "li", "td"]):
        t = p.get_text()
        if old in t and not p.find(["p", "table"]):
            for s in p.find_all(string=True):
                if old in s:
                    s.replace_with(str(s).replace(old, new)); return True
            set_text(p, t.replace(old, new)); return True
    raise SystemExit(f"not found: {old}")


STATS = {
    STEMS[0]: [
        ("con un’incidenza dell’8,7%", "con un’incidenza di quasi un decimo", "incidenza_stranieri_pct", None),
        ("La presenza delle donne si attesta sul 51%", "La presenza delle donne si attesta sul 51 per cento", None, None),
        ("Gli occupati non comunitari sono 47.534", "47.534: tanti sono gli occupati non comunitari", None, None),
        ("Sono 2.158 i nuovi nati stranieri", "Oltre 2 mila i nuovi nati stranieri", "nuovi_nati_stranieri", 2000),
    ],
    STEMS[1]: [
        ("Nel 2013 la componente non comunitaria è costituita da 276.953 persone",
         "276.953: tanti sono i cittadini non comunitari presenti nel 2013", None, None),
        ("La presenza delle donne si attesta sul 50,1%", "La presenza delle donne si attesta sul 50,1 per cento", None, None),
        ("i minorenni rappresentano il 25,5% della popolazione", "i minorenni rappresentano il 25,5 per cento della popolazione", None, None),
        ("Gli occupati non comunitari sono 100.886", "Gli occupati non comunitari sono oltre 100 mila", "occupati_non_comunitari", 100000),
        ("sono stati 58.834", "sono stati quasi 59 mila", "rapporti_lavoro_attivati_non_comunitari", 59000),
    ],
    STEMS[3]: [
        ("ammontano a 1.129.185", "ammontano a 1,13 milioni", "stranieri_residenti", 1130000),
        ("con un’incidenza dell’11,3%", "con un’incidenza dell’11,3 per cento", None, None),
        ("La sola componente non comunitaria è costituita da 1.028.584 persone",
         "1.028.584: tanti sono i cittadini non comunitari", None, None),
        ("In valori assoluti gli occupati non comunitari sono 430.616", "In valori assoluti gli occupati non comunitari sono oltre 430 mila",
         "occupati_non_comunitari", 430000),
        ("Le Associazioni censite in Lombardia sono 480", "Sono 480 le Associazioni censite in Lombardia", None, None),
    ],
}


def stats(soup, gt, arg):
    for old, new, ind, val in STATS[stem_of(gt)]:
        if arg and arg not in new:
            continue
        replace_text(soup, old, new)
        for st in gt["statistics"]:
            if ind and st["indicator"] == ind:
                st["quote"] = new
                if val is None:
                    st["indicator"] = "other:removed_" + ind
                else:
                    st["value"] = val
    return gt


def groman2(soup, gt, arg):
    """quarter row styles under the year row: trim -> 'III trim.', ord -> '3°', q -> 'Q3'."""
    t = gantt_table(soup)
    labs = []
    R = {"I": 1, "II": 2, "III": 3, "IV": 4}
    for c in quarter_cells(t):
        r = re.match(r"(III|II|IV|I)", c.get_text(strip=True)).group(1)
        lab = {"trim": f"{r} trim.", "ord": f"{R[r]}°", "q": f"Q{R[r]}"}[arg]
        (c.find("b") or c).string = lab
        labs.append(lab)
    gt["gantt"]["period_labels"] = labs
    return gt


def midcol(soup, gt, _):
    """an 'Ente capofila' column inserted after Q.tà (col 2) in recipients and actors."""
    for t in (find_table(soup, "dest"), find_table(soup, "actors", "attori")):
        n = ncols(t)
        hdr_done = False
        for i, (tr, cells) in enumerate(grid_rows(t)):
            if len(cells) == 1 and cells[0][2] == n:
                cells[0][0]["colspan"] = str(n + 1); continue
            before = [c for c, s, cs in cells if s + cs <= 2]
            if not hdr_done and any(c.name == "th" or "Tipologia" in c.get_text() for c, _, _ in cells):
                new = soup.new_tag(cells[0][0].name); new.string = "Ente capofila"; hdr_done = True
            else:
                new = soup.new_tag("td"); new.string = ["Regione", "Comune capofila", "ASL", "Regione"][i % 4]
            if before:
                before[-1].insert_after(new)
            else:
                cells[0][0].insert_before(new)
    return gt


def costtypo2(soup, gt, _):
    """dot-decimal / comma-thousands typos; GT keeps the intended values."""
    s = stem_of(gt)
    rep = {STEMS[1]: {"€ 224.205,00": "€ 224.205.00", "€ 249.117": "€ 249,117"},
           STEMS[3]: {"30.101,85": "30.101.85", "80.000,00": "80.000.00"}}[s]
    t = find_table(soup, "costs", "costi")
    done = set()
    for td in t.find_all("td"):
        v = td.get_text(strip=True)
        if v in rep and v not in done:
            (td.find("b") or td).string = rep[v]; done.add(v)
    assert len(done) == len(rep), done
    return gt


def aztitle(soup, gt, arg):
    for s in form_titles(soup):
        m = re.match(r"(\s*)Azione (\d)\.?\s*(.*)", str(s), re.S)
        new = {"colon": f"Azione {m.group(2)}: {m.group(3)}", "pilota": f"Azione pilota {m.group(2)} – {m.group(3)}",
               "ndot": f"Azione n.{m.group(2)} {m.group(3)}"}[arg]
        s.replace_with(m.group(1) + new)
    return gt


KINDS = {k: globals()[k] for k in ["extracol", "actorder", "groman", "gresp", "gnobanner", "costlong", "costmis",
                                   "costtypo", "azupper", "azn", "stats", "groman2", "midcol", "costtypo2", "aztitle"]}

if __name__ == "__main__":
    kind, src, gsrc, dst, gdst = sys.argv[1:6]
    arg = sys.argv[6] if len(sys.argv) > 6 else None
    soup = BeautifulSoup(open(src, encoding="utf-8").read(), "html.parser")
    gt = json.load(open(gsrc, encoding="utf-8"))
    gt = KINDS[kind](soup, gt, arg)
    open(dst, "w", encoding="utf-8").write(str(soup))
    json.dump(gt, open(gdst, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
