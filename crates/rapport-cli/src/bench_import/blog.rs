//! The blog comments case of `rapport bench`'s import part (issue 16): a generated WordPress
//! export read into records against reading and splitting it into lines with no parsing, and its
//! `rapport import` in a child process for the peak memory (the XML is read as a stream: one post
//! and its comments at a time).

use std::fmt::Write as _;
use std::path::Path;

use rapport_core::import::ImportOptions;

use super::{import_in_child, parse_against_split, parse_file, split_file, split_lines, ImportFigure, MemoryFigure};
use crate::error::{CliError, Result};

/// Comments per post in [`generate_wxr`].
const PER_POST: usize = 10;

/// A WordPress export of `comments` comments, ten to a post, by 2,000 people: every third a reply
/// of mine to the comment before it, two of the three replies of a post ending with a question,
/// the first of them answered by the commenter; one comment in twenty spam.
pub fn generate_wxr(comments: usize) -> String {
    let mut s = String::with_capacity(comments * 700);
    s.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n<title>Bench blog</title>\n\
         <wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[me]]></wp:author_login>\
         <wp:author_email><![CDATA[me@bench.example]]></wp:author_email></wp:author>\n",
    );
    let start =
        chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default().and_hms_opt(9, 0, 0).unwrap_or_default();
    let posts = comments.div_ceil(PER_POST);
    let mut id = 0usize;
    for p in 0..posts {
        let at = start + chrono::Duration::days(p as i64);
        let _ = write!(
            s,
            "<item>\n<title>Post {p}</title>\n<link>https://bench.example/{p}/</link>\n<dc:creator><![CDATA[me]]></dc:creator>\n\
             <wp:post_date_gmt><![CDATA[{}]]></wp:post_date_gmt>\n<wp:status><![CDATA[publish]]></wp:status>\n\
             <wp:post_type><![CDATA[post]]></wp:post_type>\n",
            at.format("%Y-%m-%d %H:%M:%S")
        );
        let here = PER_POST.min(comments - p * PER_POST);
        for k in 0..here {
            id += 1;
            let when = (at + chrono::Duration::minutes(30 * (k as i64 + 1))).format("%Y-%m-%d %H:%M:%S");
            let (name, email, user, parent, text) = match k % 3 {
                // My reply to the comment before it.
                1 => (
                    "Me",
                    "me@bench.example".to_owned(),
                    1,
                    id - 1,
                    if k % 2 == 1 { "Thanks! Which part?" } else { "Thanks." },
                ),
                // The commenter answering my reply, or someone new.
                2 if k == 2 => {
                    let who = (id - 2) % 2_000;
                    ("Reader", format!("reader{who}@bench.example"), 0, id - 1, "The second one.")
                }
                _ => (
                    "Reader",
                    format!("reader{}@bench.example", id % 2_000),
                    0,
                    0,
                    "A fine post, thank you for writing it.",
                ),
            };
            let approved = if id.is_multiple_of(20) { "spam" } else { "1" };
            let _ = write!(
                s,
                "<wp:comment>\n<wp:comment_id>{id}</wp:comment_id>\n<wp:comment_author><![CDATA[{name} {}]]></wp:comment_author>\n\
                 <wp:comment_author_email><![CDATA[{email}]]></wp:comment_author_email>\n\
                 <wp:comment_date_gmt><![CDATA[{when}]]></wp:comment_date_gmt>\n\
                 <wp:comment_content><![CDATA[<p>{text}</p>]]></wp:comment_content>\n\
                 <wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>\n\
                 <wp:comment_type><![CDATA[comment]]></wp:comment_type>\n<wp:comment_parent>{parent}</wp:comment_parent>\n\
                 <wp:comment_user_id>{user}</wp:comment_user_id>\n</wp:comment>\n",
                if user == 1 { String::new() } else { email.split('@').next().unwrap_or("").to_owned() }
            );
        }
        s.push_str("</item>\n");
    }
    s.push_str("</channel>\n</rss>\n");
    s
}

/// The blog case: [`generate_wxr`] written to a file, read into records by `import::parse_file`
/// (the XML stream, each post with its comments, commenters, replies and questions) against a
/// baseline that reads the same file and splits it into lines, no parsing; the best of three
/// runs each ([`parse_against_split`]). Then `rapport import` of it in a child process, for its
/// time and peak memory.
pub(super) fn measure(
    comments: usize,
    dir: &Path,
    figures: &mut Vec<ImportFigure>,
    created: &mut Vec<(String, usize)>,
    memory: &mut Vec<MemoryFigure>,
) -> Result<()> {
    eprintln!("bench: (i) generating a WordPress export of {comments} comments");
    let file = dir.join("bench-blog.wxr.xml");
    std::fs::write(&file, generate_wxr(comments)).map_err(|e| CliError::failure(format!("{}: {e}", file.display())))?;
    let options = ImportOptions::default();
    let timed =
        parse_against_split(|| split_file(&file, split_lines), || parse_file(&file, &options, |p| p.posts.len()))?;
    let (parse_ms, split_ms) = (timed.parse_ms, timed.split_ms);
    figures.push(ImportFigure {
        name: "import_blog_parse",
        what: "import::parse_file of the WordPress export (XML stream, posts, comments, replies), best of 3",
        ms: parse_ms,
    });
    figures.push(ImportFigure {
        name: "import_blog_split",
        what: "reading the same file and splitting it into lines, no parsing, best of 3",
        ms: split_ms,
    });
    created.push(("blog_posts".to_owned(), timed.parsed));
    eprintln!("bench: (i) `rapport import` of the WordPress export in a child process, for its peak memory");
    let (elapsed, peak_bytes) = import_in_child(dir, "blog", &file, &[])?;
    let file_bytes = std::fs::metadata(&file).map_or(0, |m| m.len());
    memory.push(MemoryFigure { format: "blog", file_bytes, peak_bytes, ms: elapsed });
    let _ = std::fs::remove_file(&file);
    Ok(())
}
