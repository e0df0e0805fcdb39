#!/usr/bin/env python3
"""Writes the binary and re-encoded corpus fixtures in tests/fixtures/corpora/
from the text written by hand there, so each can be checked and regenerated:

- lexisnexis_bom_crlf.txt: lexisnexis.txt with a byte-order mark and CRLF;
- lexisnexis_cp1252.txt: the same documents with accents and curly quotes,
  in Windows-1252, as older LexisNexis exports are;
- nexis_uni.docx: a Nexis Uni Word export (cover page, one section per
  document, bold fields, `End of Document`), written as raw Office XML;
- table.parquet (two row groups), table.xlsx, table.ods: the rows of
  table.csv, with a real date cell and a number cell in the workbooks;
- formula.xlsx, merged.xlsx: workbooks that must be refused (a formula in
  the text column; merged outlet cells).

Needs pyarrow, openpyxl and odfpy (pip install pyarrow openpyxl odfpy).
Usage: python3 scripts/make_corpus_fixtures.py
"""
import csv
import datetime
import os
import zipfile

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "corpora")


def path(name):
    return os.path.join(HERE, name)


def lexisnexis_variants():
    text = open(path("lexisnexis.txt"), encoding="utf-8").read()
    with open(path("lexisnexis_bom_crlf.txt"), "wb") as f:
        f.write(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    cp = (
        text.replace("Rebels take the northern city", "Rebels take the city of Ma\u2019arrat al-Nu\u2019man")
        .replace("Residents said", "Residents of the Caf\u00e9 district said")
        .replace("jihadists' own radio", "jihadists\u2019 own \u201cradio\u201d")
    )
    with open(path("lexisnexis_cp1252.txt"), "wb") as f:
        f.write(cp.replace("\n", "\r\n").encode("cp1252"))
    for name in ["lexisnexis_bom_crlf.txt", "lexisnexis_cp1252.txt"]:
        with open(path(name + ".expect"), "w", encoding="utf-8") as f:
            expect = open(path("lexisnexis.txt.expect"), encoding="utf-8").read()
            f.write(expect.replace("lexisnexis.txt", name))


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def para(text, bold=False, section=False, lead_break=False):
    """A paragraph; `lead_break`: a plain run with a line break first, as
    Nexis Uni writes `End of Document` (the paragraph is bold by its text)."""
    from xml.sax.saxutils import escape

    rpr = "<w:rPr><w:b/></w:rPr>" if bold else '<w:rPr><w:b w:val="false"/></w:rPr>'
    # The paragraph mark's own properties say bold: they are not a run's.
    sect = '<w:sectPr><w:type w:val="nextPage"/></w:sectPr>' if section else "<w:rPr><w:b/></w:rPr>"
    lead = "<w:r><w:rPr></w:rPr><w:br/></w:r>" if lead_break else ""
    run = f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else ""
    return f"<w:p><w:pPr>{sect}</w:pPr>{lead}{run}</w:p>"


def nexis_uni():
    docs = [
        ("Rebels take the city", "The Daily Planet", "March 3, 2015 Tuesday 8:15 AM GMT", "WORLD; Version:2", "Lois Lane",
         ["The rebels took the city, the government in Damascus said.", "Militants fired on the road north."],
         [("Language", "ENGLISH"), ("Subject", "ARMED FORCES (90%); WAR (88%)"), ("Load-Date", "March 4, 2015")]),
        ("Talks stall in Geneva", "The Daily Planet", "March 5, 2015 Thursday 1:04 PM GMT", "WORLD; Version:1", "Clark Kent",
         ["Diplomats said the Assad government refused to attend.", "Section: this line is body text, not a field."],
         []),
        ("Fighters retreat", "Evening Star", "March 8, 2015 Sunday 6:18 PM GMT", "NEWS", None,
         ["Islamic State fighters retreated from two villages."],
         [("Load-Date", "March 9, 2015")]),
    ]
    body = [para("Date and Time: Monday, March 9, 2015 10:00:00 AM GMT"), para("Job Number: 1"),
            para(f"Documents ({len(docs)})")]
    for k, d in enumerate(docs, 1):
        body += [para(f"{k}. {d[0]}"), para("Client/Matter: -None-"), para("")]
    body.append(para("", section=True))
    for title, outlet, date, section, byline, paragraphs, trailer in docs:
        body += [para(""), para(title, bold=True), para(outlet), para(date), para(""),
                 para("Copyright 2015 Planet Publishing All Rights Reserved"), para("")]
        body.append(para(f"Section:\u00a0{section}", bold=True))
        body.append(para(f"Length:\u00a0{sum(len(p.split()) for p in paragraphs)} words", bold=True))
        if byline:
            body.append(para(f"Byline:\u00a0{byline}", bold=True))
        body += [para("Body", bold=True), para("")]
        for p in paragraphs:
            body += [para(p), para("")]
        if trailer:
            body += [para("Classification", bold=True), para("")]
            body += [para(f"{k}:\u00a0{v}", bold=True) for k, v in trailer]
        body += [para("End of Document", bold=True, lead_break=True), para("", section=True)]
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W}><w:body>'
           + "".join(body) + "</w:body></w:document>")
    with zipfile.ZipFile(path("nexis_uni.docx"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml", xml)
        # Pin the timestamps so the file is the same byte for byte each time.
        for info in z.infolist():
            info.date_time = (2015, 3, 9, 10, 0, 0)
    with open(path("nexis_uni.docx.expect"), "w", encoding="utf-8") as f:
        f.write("# What reading nexis_uni.docx must give (hand-counted): 3 documents after\n"
                "# the cover page, all dated and titled.\n"
                "articles=3 dated=3 titled=3\n"
                "The Daily Planet: articles=2 armed_groups.rebel=1 syrian_state.government=2 armed_groups.militant=1\n"
                "Evening Star: articles=1 islamic_state.islamic_state=1\n")


def table_rows():
    with open(path("table.csv"), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def parquet():
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = table_rows()
    columns = {k: [r[k] for r in rows] for k in rows[0]}
    columns["words"] = [len(r["text"].split()) for r in rows]
    table = pa.table(columns)
    pq.write_table(table, path("table.parquet"), row_group_size=2, compression="snappy")


def workbooks():
    import openpyxl

    rows = table_rows()
    header = list(rows[0]) + ["words"]

    def fill(ws, rows):
        ws.append(header)
        for r in rows:
            values = [r[k] for k in rows[0]]
            # The date as a real date cell, the word count as a number.
            values[header.index("date")] = datetime.date.fromisoformat(r["date"]) if r["date"] else None
            ws.append(values + [len(r["text"].split())])
        for row in ws.iter_rows(min_row=2, min_col=header.index("date") + 1, max_col=header.index("date") + 1):
            for c in row:
                c.number_format = "dd/mm/yyyy"

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Notes"
    ws.append(["This sheet is not the corpus: pass --sheet Articles"])
    fill(wb.create_sheet("Articles"), rows)
    wb.save(path("table.xlsx"))

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Articles"
    fill(ws, rows)
    ws["G3"] = '=CONCATENATE("rebels ", "again")'
    wb.save(path("formula.xlsx"))

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Articles"
    fill(ws, rows)
    ws.merge_cells("B2:B3")
    wb.save(path("merged.xlsx"))

    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableRow, TableCell
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Articles")

    def cell(value, kind="string"):
        if kind == "date":
            c = TableCell(valuetype="date", datevalue=value)
        elif kind == "float":
            c = TableCell(valuetype="float", value=value)
        else:
            c = TableCell(valuetype="string")
        c.addElement(P(text=str(value)))
        return c

    tr = TableRow()
    for h in header:
        tr.addElement(cell(h))
    table.addElement(tr)
    for r in rows:
        tr = TableRow()
        for k in rows[0]:
            if k == "date" and r[k]:
                tr.addElement(cell(r[k], "date"))
            elif k == "date":
                tr.addElement(TableCell())
            else:
                tr.addElement(cell(r[k]))
        tr.addElement(cell(len(r["text"].split()), "float"))
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(path("table.ods"))

    for name in ["table.parquet", "table.xlsx", "table.ods"]:
        expect = open(path("table.csv.expect"), encoding="utf-8").read()
        with open(path(name + ".expect"), "w", encoding="utf-8") as f:
            f.write(expect.replace("table.csv", name).replace("args=", "args=--sheet Articles" if name == "table.xlsx" else "args="))


if __name__ == "__main__":
    lexisnexis_variants()
    nexis_uni()
    parquet()
    workbooks()
    print("fixtures written to", os.path.normpath(HERE))
