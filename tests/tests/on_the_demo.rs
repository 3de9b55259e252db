//! Core's features checked on the demo network: merging and its undo, the directory's refresh,
//! the exports and their imports, the shortcuts of the measures, the charts. They need a network
//! with three years of stories, which rapport-demo draws; rapport-core's own tests cannot load it,
//! since rapport-core cannot depend on rapport-demo, not even for its tests (a dependency cycle
//! builds a crate twice, with two incompatible copies of its types).
//!
//! With RAPPORT_CHART_PREVIEW=dir, the demo's charts are written there, to look at.

mod charts {
    use rapport_core::charts::*;
    use rapport_core::measures::*;
    use rapport_core::*;

    /// The contact is passed only to the chart that needs one; the others draw the whole network.
    fn options(kind: ChartKind, contact: Option<ContactId>, to: Secs, theme: Theme) -> ChartOptions {
        let contact = contact.filter(|_| kind.needs_contact());
        ChartOptions { contact, theme, ..ChartOptions::new(kind, to) }
    }

    /// The numbers in every coordinate-like attribute, which must all be finite.
    fn check_svg(svg: &str) {
        assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"), "an SVG document");
        assert!(svg.trim_end().ends_with("</svg>"));
        for bad in ["NaN", "inf"] {
            assert!(!svg.contains(bad), "no {bad} in the SVG");
        }
        for attr in [" x=\"", " y=\"", " cx=\"", " cy=\"", " points=\"", " width=\"", " height=\""] {
            for part in svg.split(attr).skip(1) {
                let value = &part[..part.find('"').unwrap()];
                for n in value.split([' ', ',']).filter(|n| !n.is_empty()) {
                    let v: f64 = n.parse().unwrap_or_else(|_| panic!("{attr}{value}: not a number"));
                    assert!(v.is_finite() && v.abs() < 1e6, "{attr}{value}");
                }
            }
        }
    }

    /// The chart's texts, which the SVG keeps as the aria-label of each group of glyphs.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<g aria-label=\"")
            .skip(1)
            .map(|t| {
                t[..t.find('"').unwrap()]
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'")
                    .replace("&amp;", "&")
            })
            .collect()
    }

    fn png_size(png: &[u8]) -> (u32, u32) {
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let reader = decoder.read_info().unwrap();
        let info = reader.info();
        (info.width, info.height)
    }

    #[test]
    fn svg_text_is_drawn_with_the_embedded_glyphs_not_a_system_font() {
        let mut store = Store::open_in_memory().unwrap();
        let now = chrono::Utc::now();
        rapport_demo::load_demo(&mut store, now).unwrap();
        let o = options(ChartKind::Index, None, now.timestamp(), Theme::Light);
        let svg = render_svg(&store.history().unwrap(), &o, &ModelSettings::default()).unwrap();
        assert!(!svg.contains("<text") && !svg.contains("font-family"), "no text left for a viewer's font");
        assert!(texts(&svg).iter().any(|t| t == "Network Value Index"));
        let defined: std::collections::HashSet<&str> =
            svg.split("<path id=\"").skip(1).map(|p| &p[..p.find('"').unwrap()]).collect();
        let used: Vec<&str> = svg.split("<use href=\"#").skip(1).map(|u| &u[..u.find('"').unwrap()]).collect();
        assert!(used.len() > 100, "the glyphs are placed: {}", used.len());
        assert!(used.iter().all(|g| defined.contains(g)), "every glyph placed is defined once");
        assert!(defined.len() < used.len(), "glyphs are shared, not repeated");
    }

    #[test]
    fn the_demo_network_charts_have_their_series_axes_and_marker() {
        let mut store = Store::open_in_memory().unwrap();
        let now = chrono::Utc::now();
        rapport_demo::load_demo(&mut store, now).unwrap();
        let h = store.history().unwrap();
        let s = ModelSettings::default();
        let to = now.timestamp();
        let preview = std::env::var_os("RAPPORT_CHART_PREVIEW").map(std::path::PathBuf::from);

        // Index: one band per component with data, the index line, 0–100 and dated x labels, and
        // the biggest move labelled with its reason.
        let o = options(ChartKind::Index, None, to, Theme::Light);
        let svg = render_svg(&h, &o, &s).unwrap();
        check_svg(&svg);
        let series = weekly_series(&h, to, &s);
        let with_data = ComponentName::ALL
            .iter()
            .filter(|c| series.iter().any(|n| n.components.iter().any(|x| x.name == **c && x.score.is_some())))
            .count();
        assert_eq!(svg.matches("<polygon").count(), with_data, "one band per component");
        let labels = texts(&svg);
        for y in ["0", "20", "40", "60", "80", "100"] {
            assert!(labels.iter().any(|t| t == y), "y label {y}: {labels:?}");
        }
        let year = chrono::Datelike::year(&now).to_string();
        assert!(labels.iter().any(|t| t.contains("Jan") || t == &year || t.len() == 3), "date labels: {labels:?}");
        assert!(labels.iter().any(|t| t.starts_with("mostly ")), "the biggest move has its reason");
        assert!(svg.len() < 300 * 1024);

        // The contact chart of the strongest tie: the curve, dots by channel, the cadence band.
        let strongest = report(&h, to, &s).contacts[0].contact;
        let oc = options(ChartKind::Contact, Some(strongest), to, Theme::Dark);
        let svg_c = render_svg(&h, &oc, &s).unwrap();
        check_svg(&svg_c);
        assert!(svg_c.matches("<circle").count() >= 2, "interaction dots");
        assert!(texts(&svg_c).iter().any(|t| t == "on track"), "the cadence band's legend");
        assert!(svg_c.len() < 300 * 1024);

        // Give/take: bars above and below the axis, for the network and for one contact.
        let svg = render_svg(&h, &options(ChartKind::GiveTake, None, to, Theme::Light), &s).unwrap();
        check_svg(&svg);
        assert!(svg.matches("<rect").count() > 20, "monthly bars");
        assert!(texts(&svg).iter().any(|t| t.contains("given")) && texts(&svg).iter().any(|t| t.contains("received")));
        let one = ChartOptions { contact: Some(strongest), ..options(ChartKind::GiveTake, None, to, Theme::Light) };
        check_svg(&render_svg(&h, &one, &s).unwrap());
        // Follow-through: four series in the legend, both directions.
        let svg = render_svg(&h, &options(ChartKind::FollowThrough, None, to, Theme::Dark), &s).unwrap();
        check_svg(&svg);
        for l in ["mine, answered", "mine, open", "theirs, answered", "theirs, open"] {
            assert!(texts(&svg).iter().any(|t| t == l), "{l}");
        }
        // Layers: one band per layer, and Dunbar's sizes as reference lines.
        let svg = render_svg(&h, &options(ChartKind::Layers, None, to, Theme::Light), &s).unwrap();
        check_svg(&svg);
        assert_eq!(svg.matches("<polygon").count(), 4);
        assert!(texts(&svg).iter().any(|t| t == "Dunbar 50"));
        // Calendar: a square per day of the year (and the five of the scale).
        let svg = render_svg(&h, &options(ChartKind::Calendar, None, to, Theme::Light), &s).unwrap();
        check_svg(&svg);
        assert!(svg.matches("<rect").count() >= 365 + 5);
        assert!(texts(&svg).iter().any(|t| t == "Mon"));
        // Reactions: a bar per post, a dot for its reach.
        let svg = render_svg(&h, &options(ChartKind::Reactions, None, to, Theme::Light), &s).unwrap();
        check_svg(&svg);
        assert!(svg.matches("<circle").count() >= 2);
        // A network chart refuses a contact.
        let wrong = ChartOptions { contact: Some(strongest), ..options(ChartKind::Layers, None, to, Theme::Light) };
        assert_eq!(render_svg(&h, &wrong, &s).unwrap_err().code(), "invalid");

        for kind in ChartKind::ALL {
            for theme in [Theme::Light, Theme::Dark] {
                let o = ChartOptions { width: 1280, height: 480, ..options(kind, Some(strongest), to, theme) };
                assert!(render_svg(&h, &o, &s).unwrap().len() < 300 * 1024, "{kind:?}");
                let png = render_png(&h, &o, &s).unwrap();
                assert_eq!(png_size(&png), (1280, 480));
                if let Some(dir) = &preview {
                    let name = format!("{}-{:?}", kind.as_str(), theme).to_lowercase();
                    std::fs::write(dir.join(format!("{name}.png")), &png).unwrap();
                    std::fs::write(dir.join(format!("{name}.svg")), render_svg(&h, &o, &s).unwrap()).unwrap();
                }
            }
        }
    }

    #[test]
    fn a_french_chart_speaks_french_with_french_dates_and_decimals() {
        let mut store = Store::open_in_memory().unwrap();
        let now = chrono::Utc::now();
        rapport_demo::load_demo(&mut store, now).unwrap();
        let h = store.history().unwrap();
        let s = ModelSettings::default();
        let fr = |kind| ChartOptions { lang: Lang::Fr, ..options(kind, None, now.timestamp(), Theme::Light) };

        let labels = texts(&render_svg(&h, &fr(ChartKind::Index), &s).unwrap());
        assert!(labels.iter().any(|t| t == "Indice de valeur du réseau"), "{labels:?}");
        assert!(labels.iter().any(|t| t == "Réciprocité"));
        assert!(!labels.iter().any(|t| t == "Network Value Index" || t == "Reciprocity"));
        // The biggest move reads "+2,6 en 4 semaines, jusqu’au 20 juin 2024": a decimal comma and a
        // French month.
        let moved = labels.iter().find(|t| t.contains(" semaines, jusqu’au ")).expect("the move's label");
        let change = moved.split(" en ").next().unwrap();
        assert!(change.contains(',') && !change.contains('.'), "a decimal comma: {moved}");
        let months = Lang::Fr.words().months;
        assert!(months.iter().any(|m| moved.contains(&format!(" {m} "))), "a French month: {moved}");

        let calendar = texts(&render_svg(&h, &fr(ChartKind::Calendar), &s).unwrap());
        for word in ["lun.", "mer.", "Activité", "moins", "plus"] {
            assert!(calendar.iter().any(|t| t == word), "{word} in {calendar:?}");
        }
        // Every kind draws in French without an English title left over.
        let english = ["Give and take", "Follow-through", "Dunbar layers", "Reactions to your posts"];
        for kind in [ChartKind::GiveTake, ChartKind::FollowThrough, ChartKind::Layers, ChartKind::Reactions] {
            let t = texts(&render_svg(&h, &fr(kind), &s).unwrap());
            assert!(!t.iter().any(|x| english.contains(&x.as_str())), "{kind:?}: {t:?}");
        }
    }
}

mod directory {
    use chrono::{DateTime, FixedOffset, TimeZone, Utc};
    use rapport_core::directory::*;
    use rapport_core::*;

    fn at(day: u32, hour: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(0).unwrap().with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
    }

    /// Every row of every table, as text, in a stable order: two equal dumps are the same data.
    /// Left out: the data's token (every write renews it, an undo included) and the search index,
    /// derived from these rows (an undo may lay its segments out anew).
    fn dump(s: &Store) -> Vec<String> {
        let conn = s.connection();
        let mut tables: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
                 AND name != 'data_token' AND name NOT LIKE '%\\_search%' ESCAPE '\\' ORDER BY name",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        tables.sort();
        let mut out = Vec::new();
        for table in tables {
            let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
            let n = stmt.column_count();
            let mut rows: Vec<String> = stmt
                .query_map([], |r| {
                    let cells: Vec<String> = (0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect();
                    Ok(format!("{table}: {}", cells.join(" | ")))
                })
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            rows.sort();
            out.extend(rows);
        }
        out
    }

    #[test]
    fn merge_moves_everything_and_undo_restores_every_table_exactly() {
        let mut s = Store::open_in_memory().unwrap();
        rapport_demo::load_demo(&mut s, Utc.with_ymd_and_hms(2026, 3, 28, 12, 0, 0).unwrap()).unwrap();
        // Two contacts who share interactions and circles, so some links fold rather than move.
        let groups = s.list_interactions(&InteractionQuery::default()).unwrap();
        let shared = groups.iter().find(|i| i.participants.len() >= 2).expect("the demo has group interactions");
        let (kept, merged) = (shared.participants[0].id, shared.participants[1].id);
        let merged_before =
            s.list_interactions(&InteractionQuery { contact: Some(merged), ..Default::default() }).unwrap();
        let kept_before = s.list_interactions(&InteractionQuery { contact: Some(kept), ..Default::default() }).unwrap();
        let before = dump(&s);

        let merge = s.merge_contacts(kept, merged).unwrap();
        assert!(merge.rows_moved >= merged_before.len());
        let after = dump(&s);
        assert_ne!(before, after);
        // The kept contact has every interaction of both, once each; the merged one is gone from lists.
        let kept_after = s.list_interactions(&InteractionQuery { contact: Some(kept), ..Default::default() }).unwrap();
        let mut union: Vec<InteractionId> = kept_before.iter().chain(&merged_before).map(|i| i.id).collect();
        union.sort();
        union.dedup();
        let mut got: Vec<InteractionId> = kept_after.iter().map(|i| i.id).collect();
        got.sort();
        assert_eq!(got, union);
        assert!(s.list_contacts(&ContactQuery::default()).unwrap().iter().all(|c| c.id != merged));
        assert!(s.history().unwrap().contacts.iter().all(|c| c.id != merged));
        assert!(s.list_questions(&QuestionQuery { contact: Some(merged), ..Default::default() }).unwrap().is_empty());

        // Merging again, or into themselves, is refused with the field named.
        let again = s.merge_contacts(kept, merged).unwrap_err();
        assert_eq!(again.code(), "invalid");
        assert!(again.to_string().contains("already merged"), "{again}");
        assert_eq!(s.merge_contacts(kept, kept).unwrap_err().code(), "invalid");

        let back = s.undo_merge(merge.id).unwrap();
        assert_eq!(back.id, merged);
        let after = dump(&s);
        let only = |a: &[String], b: &[String]| a.iter().filter(|r| !b.contains(r)).cloned().collect::<Vec<_>>();
        assert_eq!(
            (only(&after, &before), only(&before, &after)),
            (vec![], vec![]),
            "undo restores every table row for row (rows only after, rows only before)"
        );
        assert_eq!(s.undo_merge(merge.id).unwrap_err().code(), "not_found");
    }

    #[test]
    fn refreshing_the_contacts_a_log_touched_equals_a_fresh_build() {
        let mut s = Store::open_in_memory().unwrap();
        rapport_demo::load_demo(&mut s, Utc.with_ymd_and_hms(2026, 3, 28, 12, 0, 0).unwrap()).unwrap();
        let when = Utc.with_ymd_and_hms(2026, 3, 28, 12, 0, 0).unwrap().timestamp();
        let mut cached = Directory::build(&s, when).unwrap();
        let open = s.list_questions(&QuestionQuery { open_only: true, ..Default::default() }).unwrap();
        let q = &open[0];
        let other =
            s.list_contacts(&ContactQuery::default()).unwrap().into_iter().find(|c| c.id != q.contact).unwrap().id;
        // A group interaction that answers an open question, gives value and asks a new one.
        let mut new = NewInteraction::new(at(27, 18), Channel::InPerson, Party::Them, vec![q.contact, other]);
        new.answers = vec![q.id];
        new.given =
            vec![NewValueItem { kind: ValueKind::Advice, contact: Some(other), weight: None, note: String::new() }];
        new.questions =
            vec![NewQuestion { asked_by: Party::Them, text: "Same time next week?".into(), contact: Some(other) }];
        let logged = s.log_interaction(&new).unwrap();
        let touched: Vec<ContactId> = logged.participants.iter().map(|p| p.id).collect();
        cached.refresh(&s, &touched, when).unwrap();

        let fresh = Directory::build(&s, when).unwrap();
        let all = ContactListQuery { archived: ArchivedFilter::All, sort: ContactSort::Strength, ..Default::default() };
        assert_eq!(cached.page(&s, &all).unwrap(), fresh.page(&s, &all).unwrap());
        for id in touched {
            assert_eq!(cached.measures(id), fresh.measures(id));
        }
        assert_eq!(cached.open_loops(&s).unwrap(), fresh.open_loops(&s).unwrap());
    }
}

mod import {
    use rapport_core::import::{self, Format, ImportOptions, Parsed, Preview};
    use rapport_core::{ContactQuery, Store};

    fn apply(store: &mut Store, parsed: &Parsed) -> Preview {
        import::apply(store, parsed, &ImportOptions::default(), &mut |_| true).unwrap()
    }

    fn demo_store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2026-06-01T12:00:00Z").unwrap().with_timezone(&chrono::Utc);
        rapport_demo::load_demo(&mut store, now).unwrap();
        // What the demo lacks: an archived contact, a value item outside any interaction, a setting.
        let first = store.list_contacts(&ContactQuery::default()).unwrap()[0].id;
        store.set_archived(first, true).unwrap();
        let at = chrono::DateTime::parse_from_rfc3339("2026-05-01T09:30:00+02:00").unwrap();
        let gift = rapport_core::NewValueItem {
            note: "a book".into(),
            ..rapport_core::NewValueItem::of(rapport_core::ValueKind::Gift)
        };
        store.add_value_item(first, rapport_core::Direction::Given, &gift, at).unwrap();
        // A setting Rapport knows: a JSON import leaves the others out.
        let mut model = store.model_settings().unwrap();
        model.index_weights.reach = 0.2;
        store.set_model_settings(&model).unwrap();
        store
    }

    fn json_of(store: &Store) -> Vec<u8> {
        serde_json::to_vec_pretty(&store.export().unwrap()).unwrap()
    }

    #[test]
    fn json_export_import_export_is_identical() {
        let original = demo_store();
        let first = json_of(&original);
        let parsed = import::parse(&first, "rapport.json", &ImportOptions::default(), &mut |_| true).unwrap();
        assert_eq!(parsed.format, Format::Json);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let mut restored = Store::open_in_memory().unwrap();
        let done = apply(&mut restored, &parsed);
        assert!(done.restored.as_ref().unwrap().exact_restore);
        let second = json_of(&restored);
        assert_eq!(String::from_utf8(first.clone()).unwrap(), String::from_utf8(second).unwrap());
        // The standalone value item and the archived flag made the trip.
        let export = restored.export().unwrap();
        assert_eq!(export.value_items.len(), 1);
        assert!(export.contacts.iter().any(|c| c.archived));
        assert!(export.interactions.iter().any(|i| !i.questions.is_empty() && !i.value_items.is_empty()));
        assert!(export.posts.iter().any(|p| !p.reactions.is_empty()));
    }

    #[test]
    fn importing_our_json_into_the_same_database_creates_nothing() {
        let mut store = demo_store();
        let before = json_of(&store);
        let parsed = import::parse(&before, "rapport.json", &ImportOptions::default(), &mut |_| true).unwrap();
        let done = apply(&mut store, &parsed);
        assert_eq!((done.contacts_created, done.interactions_created), (0, 0), "{:?}", done.problems);
        assert_eq!(done.restored.as_ref().unwrap().posts, 0);
        let after: rapport_core::Export = serde_json::from_slice(&json_of(&store)).unwrap();
        let before: rapport_core::Export = serde_json::from_slice(&before).unwrap();
        assert_eq!(before.contacts.len(), after.contacts.len());
        assert_eq!(before.interactions.len(), after.interactions.len());
        assert_eq!(before.posts.len(), after.posts.len());
        assert_eq!(before.value_items.len(), after.value_items.len());
    }

    #[test]
    fn vcard_export_reimports_every_field_it_carries() {
        let original = demo_store();
        let vcf = original.export_vcard().unwrap();
        assert!(vcf.lines().all(|l| l.len() <= 75), "folded at 75 octets");
        let parsed = import::parse(vcf.as_bytes(), "contacts.vcf", &ImportOptions::default(), &mut |_| true).unwrap();
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let mut copy = Store::open_in_memory().unwrap();
        let done = apply(&mut copy, &parsed);
        let before = original.export().unwrap().contacts;
        let after = copy.export().unwrap().contacts;
        assert_eq!(
            done.contacts_created,
            before.len(),
            "{:?}",
            done.contacts.iter().filter(|c| c.action != import::ContactAction::Create).collect::<Vec<_>>()
        );
        for (b, a) in before.iter().zip(&after) {
            let (b, a) = (&b.fields, &a.fields);
            // vCard has no closeness, kin flag or cadence: everything else comes back.
            assert_eq!(
                (&b.display_name, &b.given_name, &b.family_name, &b.nickname, &b.company, &b.role, &b.location),
                (&a.display_name, &a.given_name, &a.family_name, &a.nickname, &a.company, &a.role, &a.location)
            );
            assert_eq!((&b.birthday, &b.met_on, &b.how_met, &b.notes), (&a.birthday, &a.met_on, &a.how_met, &a.notes));
            assert_eq!((&b.emails, &b.phones, &b.links, &b.circles), (&a.emails, &a.phones, &a.links, &a.circles));
        }
    }

    #[test]
    fn csv_export_has_one_table_per_entity_and_reads_back() {
        let store = demo_store();
        let tables = store.export_csv().unwrap();
        let names: Vec<&str> = tables.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, rapport_core::store::CSV_TABLES);
        let export = store.export().unwrap();
        for (name, bytes) in &tables {
            let mut r = csv::Reader::from_reader(bytes.as_slice());
            let rows = r.records().collect::<Result<Vec<_>, _>>().unwrap();
            let expected = match *name {
                "contacts" => export.contacts.len(),
                "interactions" => export.interactions.len(),
                "posts" => export.posts.len(),
                "circles" => export.circles.len(),
                _ => continue,
            };
            assert_eq!(rows.len(), expected, "{name}");
        }
        let contacts = &tables[0].1;
        let parsed = import::parse(contacts, "contacts.csv", &ImportOptions::default(), &mut |_| true).unwrap();
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems.first());
        assert_eq!(parsed.contacts.len(), export.contacts.len(), "our own contacts.csv imports as a mapped CSV");
    }
}

mod measures {
    use rapport_core::measures::*;
    use rapport_core::*;

    #[test]
    fn on_the_demo_network_every_shortcut_gives_what_a_full_recompute_gives() {
        let mut store = Store::open_in_memory().unwrap();
        let now = chrono::Utc::now();
        rapport_demo::load_demo(&mut store, now).unwrap();
        let s = ModelSettings::default();
        let h = store.history().unwrap();
        let at = now.timestamp();
        let full = report(&h, at, &s);

        // One contact's own history gives that contact's measures.
        for m in &full.contacts {
            let own = store.contact_history(m.contact).unwrap();
            assert_eq!(contact_measures(&own, m.contact, at, &s).as_ref(), Some(m), "{}", m.name);
        }
        assert_eq!(store.contact_history(ContactId(99_999)).unwrap_err().code(), "not_found");

        // The weekly series matches a recompute at (a sample of) its dates.
        let series = weekly_series(&h, at, &s);
        assert_eq!(series.last().unwrap().at, at);
        for point in series.iter().step_by(13).chain(series.last()) {
            let fresh = report(&h, point.at, &s).network;
            assert!((point.index - fresh.index).abs() < 1e-9, "{} vs {}", point.index, fresh.index);
            assert_eq!(point.layer_counts, fresh.layer_counts);
            for (a, b) in point.components.iter().zip(&fresh.components) {
                assert_eq!(a.detail, b.detail);
                assert!((a.contribution - b.contribution).abs() < 1e-9, "{:?} vs {:?}", a, b);
            }
        }
    }
}
