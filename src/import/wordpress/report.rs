//! `import-report.md`: what the import did with every item of the export,
//! so nothing is lost without a word. Each story imported, each item
//! skipped and why, each block or shortcode not mapped with its post and
//! line, each file left on the old server, each old address a static site
//! cannot keep, and the comments not carried over.

use std::fmt::Write as _;

use super::plan::Plan;

/// What the conversion of one story left to say.
#[derive(Debug, Default)]
pub(crate) struct StoryNotes {
    pub(crate) unmapped: Vec<(String, usize)>,
    pub(crate) remote: Vec<(String, String)>,
}

/// The counts the command prints.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    pub published: usize,
    pub drafts: usize,
    pub skipped: usize,
    pub unmapped: usize,
    pub remote: usize,
    pub comments: usize,
}

pub(crate) fn counts(plan: &Plan, notes: &[StoryNotes], comments: usize) -> Counts {
    Counts {
        published: plan.stories.iter().filter(|s| !s.draft).count(),
        drafts: plan.stories.iter().filter(|s| s.draft).count(),
        skipped: plan.skipped.len(),
        unmapped: notes.iter().map(|n| n.unmapped.len()).sum(),
        remote: notes.iter().map(|n| n.remote.len()).sum(),
        comments,
    }
}

/// The report as Markdown. `export` is the export's file name.
pub(crate) fn write(export: &str, plan: &Plan, notes: &[StoryNotes], counts: &Counts) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# WordPress import\n");
    let _ = writeln!(
        out,
        "From `{export}`: {} stories published, {} drafts, {} items skipped, {} blocks or shortcodes not mapped, {} files left on the old server, {} comments not carried over.\n",
        counts.published,
        counts.drafts,
        counts.skipped,
        counts.unmapped,
        counts.remote,
        counts.comments
    );
    out.push_str("Build the site with `broadside build`; drafts are built with `--drafts`.\n\n");
    out.push_str("## Stories\n\n| Story | WordPress id | Status | Address | File |\n| --- | --- | --- | --- | --- |\n");
    for story in &plan.stories {
        let status = story.draft_why.unwrap_or("published");
        let _ = writeln!(
            out,
            "| {} | {} | {} | `/{}/` | `{}/index.md` |",
            cell(&story.item.title),
            story.item.id,
            status,
            story.address,
            story.folder
        );
    }
    if !plan.skipped.is_empty() {
        out.push_str("\n## Not imported\n\n| Item | WordPress id | Line | Why |\n| --- | --- | --- | --- |\n");
        for skipped in &plan.skipped {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&skipped.item.title),
                skipped.item.id,
                skipped.item.line,
                skipped.why
            );
        }
    }
    if !plan.others.is_empty() {
        out.push_str("\n## Not stories\n\nItems of WordPress's own machinery, not imported (attachments are imported with the stories that show them):\n\n");
        for (kind, n) in &plan.others {
            let _ = writeln!(out, "- `{kind}`: {n}");
        }
    }
    section(
        &mut out,
        plan,
        notes,
        "Not mapped",
        "Kept in the story as written (a block's own HTML, a shortcode as text); check each by hand.",
        |n| {
            n.unmapped
                .iter()
                .map(|(what, line)| format!("{what}, line {line} of the export"))
                .collect()
        },
    );
    section(
        &mut out,
        plan,
        notes,
        "Files left on the old server",
        "Linked to where they were; pass the uploads folder with --uploads to bring them in.",
        |n| {
            n.remote
                .iter()
                .map(|(url, why)| format!("<{url}>: {why}"))
                .collect()
        },
    );
    let lost: Vec<String> = plan
        .stories
        .iter()
        .filter_map(|s| {
            s.lost_address
                .as_ref()
                .map(|l| format!("- {}: `{l}` is now `/{}/`", cell(&s.item.title), s.address))
        })
        .collect();
    if !lost.is_empty() {
        out.push_str("\n## Old addresses a static site cannot keep\n\nThese used WordPress's query-string links, or an address broadside's own lists (tags, categories, archive) publish at; redirect them on the web server if they were shared:\n\n");
        for line in lost {
            let _ = writeln!(out, "{line}");
        }
    }
    let _ = writeln!(
        out,
        "\n## By hand\n\n- Comments ({}) are not carried over; their authors' emails and IP addresses are not copied anywhere.\n- Menus, widgets and plugins' own shortcodes are not carried over.\n",
        counts.comments
    );
    out
}

fn section(
    out: &mut String,
    plan: &Plan,
    notes: &[StoryNotes],
    title: &str,
    intro: &str,
    lines: impl Fn(&StoryNotes) -> Vec<String>,
) {
    let mut body = String::new();
    for (story, note) in plan.stories.iter().zip(notes) {
        for line in lines(note) {
            let _ = writeln!(
                body,
                "- {} (`{}/index.md`): {line}",
                cell(&story.item.title),
                story.folder
            );
        }
    }
    if !body.is_empty() {
        let _ = write!(out, "\n## {title}\n\n{intro}\n\n{body}");
    }
}

/// Text for a table cell: one line, no pipes.
fn cell(text: &str) -> String {
    let text = super::text::plain_text(text);
    let text = if text.is_empty() {
        "(no title)".to_string()
    } else {
        text
    };
    text.replace('|', "\\|")
}
