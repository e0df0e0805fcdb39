//! `framescore merge`: adds up the partial folders of a sharded run into
//! exactly the report one run over the whole corpus gives. Counts are
//! additive, and every per-article table is in corpus order, so the
//! shards' rows concatenated in shard order are the single run's rows.

use super::partial::{check_complete, partial_err, read_partial, LEXICON_DIR, PARTIAL_FILE};
use super::provenance::Provenance;
use super::tables::{Format, Kind, Value, TABLES};
use super::{load_lexicon, publish, ReportError, Settings, Summary};
use crate::corpus::options::Syndicated;
use crate::corpus::syndication::Detector;
use crate::counts::CountTable;
use crate::matching::Matcher;
use crate::output::xlsx::DataSheet;
use crate::output::{io_err, place, unguard, CsvFile, CsvOptions, Dialect, Staging};
use crate::pass::{InputSummary, Pass};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Adds up the partials of one sharded run (any order) into the report a
/// single run gives, written as `report` writes it. `settings` gives the
/// output and the statistics; the corpus, lexicon, `--level` and
/// `--period` come from the partials.
pub fn merge(partials: &[PathBuf], settings: &Settings) -> Result<Summary, ReportError> {
    let started = Instant::now();
    let mut parts = partials
        .iter()
        .map(|dir| Ok((dir.clone(), read_partial(dir)?)))
        .collect::<Result<Vec<_>, ReportError>>()?;
    parts.sort_by_key(|(_, p)| p.shard);
    check_complete(&parts)?;
    let (first_dir, first) = &parts[0];
    let (key, mut origin) = (first.run.clone(), first.origin.clone());
    // Shards counted with a plan each hashed only their own files.
    for (_, part) in &parts[1..] {
        let files = &part.origin.inputs.corpus_files;
        origin.inputs.corpus_files.extend(files.clone());
    }
    let (mut lexicon, _) = load_lexicon(
        &first_dir.join(LEXICON_DIR).join(&origin.lexicon_file),
        key.level,
    )?;
    lexicon.path = origin.lexicon.clone();
    let matcher = Matcher::new(&lexicon)?;
    // The per-article tables asked for (`--tables`) that the shards wrote.
    let row_tables = settings
        .row_tables
        .only(|file| parts.iter().any(|(dir, _)| dir.join(file).is_file()));
    let settings = Settings {
        row_tables,
        corpus: origin.corpus.clone(),
        lexicon: origin.lexicon.clone(),
        period: key.period,
        level: key.level,
        baseline: None,
        ..settings.clone()
    };
    let out = match &settings.out {
        Some(out) => out.clone(),
        None => super::default_report_folder(&lexicon)?,
    };
    let background = super::load_background(&settings)?;
    let mut inputs: Vec<&Path> = parts.iter().map(|(dir, _)| dir.as_path()).collect();
    inputs.extend(settings.stats.background.as_deref());
    place::check(&out, place::Kind::Folder, &inputs, settings.force)?;
    let staging = Staging::create(&out)?;
    let mut workbook = settings.workbook(staging.path(), matcher.categories())?;
    let dirs: Vec<&Path> = parts.iter().map(|(d, _)| d.as_path()).collect();
    let per_article = TABLES.iter().filter(|t| t.kind() == Kind::PerArticle);
    for table in per_article.filter(|t| settings.row_tables.writes(t.name())) {
        let name = table.name();
        let to = staging.path().join(name);
        let options = settings.csv();
        if options.dialect == Dialect::Standard {
            concatenate(&dirs, name, &to, options)?;
        }
        let sheet = workbook.as_mut().and_then(|w| w.articles.get(name));
        if options.dialect != Dialect::Standard || sheet.is_some() {
            let columns = table.article_columns(matcher.categories());
            retype(&dirs, name, &columns, &to, options, sheet)?;
        }
    }
    // Copies: found here from every shard's signatures, or (when the
    // shards had to drop them) found by each shard alike.
    let mut copies = first.signatures.is_some().then(Detector::default);
    let mut syndication_dropped = first.syndication_dropped.clone();

    let groups = lexicon.groups.iter().map(|g| g.id.clone()).collect();
    let template = CountTable::new(&matcher, groups);
    let mut counts = template.clone();
    let mut periods: BTreeMap<String, CountTable> = BTreeMap::new();
    let (mut articles, mut matches) = (0, 0);
    let mut input: Option<InputSummary> = None;
    for (dir, part) in parts {
        let file = dir.join(PARTIAL_FILE);
        let bad = |m: String| partial_err(&file, m);
        counts.merge_tally(part.counts).map_err(bad)?;
        for (period, tally) in part.periods {
            periods
                .entry(period)
                .or_insert_with(|| template.clone())
                .merge_tally(tally)
                .map_err(bad)?;
        }
        articles += part.articles;
        matches += part.matches;
        match &mut input {
            Some(input) => input.add_shard(&part.input),
            None => input = Some(part.input),
        }
        if let Some(copies) = &mut copies {
            let part = part
                .signatures
                .ok_or_else(|| bad("no signatures, unlike shard 1".into()))?;
            copies.extend(part);
        }
    }
    let mut input = input.unwrap_or_default();
    if let Some(copies) = copies {
        let mut found = copies.finish(Syndicated::Keep)?;
        let policy = input.duplicates_policy;
        let within = std::mem::take(&mut found.within);
        crate::pass::add_near_duplicates(&mut input.duplicates, within, policy);
        syndication_dropped = Some(found.dropped);
        input.syndication_pairs = found.pairs;
        input.too_short = found.too_short;
    }
    input.periods = periods.len();
    let pass = Pass {
        counts,
        input,
        periods,
        articles,
        matches,
        syndication_dropped,
        ..Pass::default()
    };
    let provenance = Provenance {
        started,
        corpus_root: origin.corpus_root,
        layout: key.layout,
        inputs: origin.inputs,
        lexicon_sha256: key.lexicon_sha256,
        pass_seconds: None,
        shards: Some(key.shards),
    };
    publish(
        staging,
        &out,
        &lexicon,
        pass,
        &provenance,
        &settings,
        background.as_ref(),
        None,
        None,
        None,
        workbook,
    )
}

/// Reads table `name` of every shard (written in the standard dialect,
/// with `columns`) as typed cells, in shard order: into `to` when
/// `options` ask for another dialect, and into the workbook's `sheet` when
/// given.
fn retype(
    dirs: &[&Path],
    name: &str,
    columns: &[(String, Format)],
    to: &Path,
    options: CsvOptions,
    mut sheet: Option<&mut DataSheet>,
) -> Result<(), ReportError> {
    if !dirs.iter().any(|d| d.join(name).is_file()) {
        return Ok(());
    }
    let formats: Vec<Format> = columns.iter().map(|(_, f)| *f).collect();
    let mut csv = if options.dialect == Dialect::Standard {
        None
    } else {
        let header = columns.iter().map(|(n, _)| n.as_str());
        Some(CsvFile::create(to, header, options)?)
    };
    for dir in dirs {
        let from = dir.join(name);
        let bad = |source: csv::Error| ReportError::PartialRead {
            path: from.clone(),
            hint: "cannot read the shard's table",
            source: std::io::Error::other(source),
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_path(&from)
            .map_err(bad)?;
        for record in reader.records() {
            let record = record.map_err(bad)?;
            // The cells the shard wrote, written again as a single run writes them.
            let cells: Vec<Value> = record
                .iter()
                .zip(&formats)
                .map(|(field, &format)| Value::parse(unguard(field), format))
                .collect();
            if let Some(csv) = &mut csv {
                csv.values(&cells)?;
            }
            if let Some(sheet) = &mut sheet {
                sheet.row(&cells)?;
            }
        }
    }
    if let Some(csv) = csv {
        csv.finish()?;
    }
    Ok(())
}

/// Writes `table` of every shard into `to`, in shard order, with the
/// header of the first: the single run's table. A table no shard wrote is
/// not written.
fn concatenate(
    dirs: &[&Path],
    table: &str,
    to: &Path,
    options: CsvOptions,
) -> Result<(), ReportError> {
    if !dirs.iter().any(|d| d.join(table).is_file()) {
        return Ok(());
    }
    let file = std::fs::File::create(to).map_err(io_err(to))?;
    let mut w = std::io::BufWriter::new(file);
    const BOM: &[u8] = "\u{feff}".as_bytes();
    for (i, dir) in dirs.iter().enumerate() {
        let from = dir.join(table);
        let src = std::fs::File::open(&from).map_err(|source| ReportError::PartialRead {
            path: from.clone(),
            hint: "cannot read the shard's table",
            source,
        })?;
        let mut r = BufReader::new(src);
        let mut header = Vec::new();
        r.read_until(b'\n', &mut header)
            .map_err(|source| ReportError::PartialRead {
                path: from.clone(),
                hint: "cannot read the shard's table",
                source,
            })?;
        if i == 0 {
            if options.bom && !header.starts_with(BOM) {
                w.write_all(BOM).map_err(io_err(to))?;
            }
            w.write_all(&header).map_err(io_err(to))?;
        }
        std::io::copy(&mut r, &mut w).map_err(|source| ReportError::PartialRead {
            path: from.clone(),
            hint: "cannot read the shard's table",
            source,
        })?;
    }
    w.flush().map_err(io_err(to))?;
    Ok(())
}
