// @ts-check
// Every string the window shows, in one table per language, so a translation is one new table.
// Static text in index.html names its key in data-i18n (text), data-i18n-placeholder,
// data-i18n-title or data-i18n-aria-label; app.js calls t(key, params) for the rest.
// Plural forms are objects keyed by Intl.PluralRules categories ("one", "other", ...).

import { REASONS_EN } from "../gen/reasons-en.js";
import { fr } from "./i18n-fr.js";

export const en = {
  "app.name": "Rapport",
  "app.tagline": "Your network, measured by what you actually do.",

  "first.title": "Welcome to Rapport",
  "first.lead":
    "Rapport keeps your contacts and what happens between you: who reached out, what you gave and received, which questions are still waiting for an answer.",
  "first.private": "Everything stays on this computer. No account, no network.",
  "first.demo": "Load the demo network",
  "first.demo_hint": "About 150 fictional people and three years of history, to explore right away.",
  "first.empty": "Start empty",
  "first.empty_hint": "Add your first contact and log what you do together.",
  "first.import": "Import my contacts",
  "first.import_hint": "From LinkedIn, Google or your phone’s vCard file: see your own network in minutes.",
  "first.loading": "Loading the demo network…",
  "first.db": "Your data lives in {path}",

  "fatal.title": "Rapport can’t open its database",
  "fatal.hint": "Nothing was changed. Quit Rapport, then fix the cause above or point RAPPORT_DB at another file.",
  "fatal.path": "Database: {path}",

  "unlock.title": "This database is encrypted",
  "unlock.lead": "The system keychain has no key for it on this computer. Type the recovery passphrase you were shown when you turned encryption on.",
  "unlock.label": "Recovery passphrase",
  "unlock.show": "Show the passphrase",
  "unlock.hint": "Six groups of five letters and digits. Capitals, spaces and dashes do not matter.",
  "unlock.submit": "Unlock",
  "unlock.busy": "Checking the passphrase…",
  "unlock.empty": "Type the recovery passphrase first.",
  "unlock.wrong": "This passphrase does not open the database. Nothing was changed; check it and try again.",
  "unlock.lost": "Once unlocked, Rapport puts the key back in the keychain when it can, so the next start asks for nothing. Without the passphrase or the key, the data cannot be recovered.",

  "side.home": "Dashboard (Ctrl+1)",
  "side.search": "Search contacts",
  "side.search_label": "Search contacts",
  "side.add": "Add contact",
  "side.add_title": "Add a contact (Ctrl+N)",
  "side.log": "Log interaction",
  "side.count": { one: "{n} contact", other: "{n} contacts" },
  "side.matches": { one: "{n} match", other: "{n} matches" },
  "side.none": "No contacts yet.",
  "side.no_match": "No one matches “{q}”.",
  "side.open_q": { one: "{n} open question", other: "{n} open questions" },
  "side.never": "No contact yet",
  "side.list_label": "Contacts",

  "nav.label": "Views",
  "nav.dashboard": "Dashboard",
  "nav.dashboard_key": "Ctrl 1",
  "nav.dashboard_title": "The value of your network and what to do next (Ctrl+1, or G then D)",
  "nav.model": "Settings",
  "nav.model_key": "Ctrl 2",
  "nav.model_title": "Theme, language, the numbers behind every measure and your data (Ctrl+2, or G then S)",

  "nav.transfer": "Import / Export",
  "nav.transfer_key": "Ctrl I",
  "nav.transfer_title": "Bring in contacts and history from other apps, or take everything out (Ctrl+I, or G then I)",
  "help.transfer": "Import / Export",

  "transfer.title": "Import and export",
  "transfer.lead": "Bring in your contacts and history from other apps, or take all of it with you. An import shows what it will do first, and writes everything or nothing.",
  "transfer.import": "Import a file",
  "transfer.import_hint": "vCard (.vcf) from a phone, Outlook, Gmail or a Mac; Google Contacts or LinkedIn CSV; a calendar (.ics); LinkedIn messages.csv; email (an mbox or a folder of .eml files); a WhatsApp chat export (.txt or .zip); a WordPress or Disqus comments export; or a Rapport JSON export. The same person already here is matched by email, profile, phone, then name, and is not created twice.",
  "transfer.file": "File",
  "transfer.format": "Format",
  "transfer.format.auto": "Recognise it from the file",
  "transfer.format.vcard": "vCard",
  "transfer.format.google_csv": "Google Contacts CSV",
  "transfer.format.linkedin_connections": "LinkedIn Connections.csv",
  "transfer.format.csv": "Other CSV",
  "transfer.format.ics": "Calendar (iCalendar)",
  "transfer.format.linkedin_messages": "LinkedIn messages.csv",
  "transfer.format.json": "Rapport JSON export",
  "transfer.format.email": "Email (mbox or .eml)",
  "transfer.format.whatsapp": "WhatsApp chat (.txt or .zip)",
  "transfer.format.wxr": "WordPress export (WXR)",
  "transfer.format.disqus": "Disqus comments export",
  "transfer.me_pick": "You are:",
  "transfer.me": "Who you are in calendars, messages and blog exports",
  "transfer.me_placeholder": "Your name, email or profile URL",
  "transfer.me_hint": "Several, separated by commas. Rapport uses them to tell your messages and events from other people's. Your email addresses are remembered after a first email import, and used again for email and calendars. In a blog export, they say which replies (and WordPress posts) are yours, in place of the export's authors.",
  "transfer.keep_text": "Keep the text of messages (otherwise only who wrote when, and the questions)",
  "transfer.include_lists": "Include mailing lists and automated senders (newsletters, notifications, no-reply addresses), which are otherwise left out",
  "transfer.skip_invalid": "Import the good records and leave out those with errors",
  "transfer.preview": "Preview",
  "transfer.apply": "Import",
  "transfer.cancel": "Cancel",
  "transfer.cancelled": "Import cancelled: nothing was written",
  "transfer.stop_hint": "Stop this step; nothing is written (Esc)",
  "transfer.stopping": "Cancelling…",
  "transfer.refused": "The file has errors: fix them, or choose to leave out the records with errors",
  "transfer.stage.reading": "Reading the file… {percent}%",
  "transfer.stage.matching": "Matching with your contacts… {percent}%",
  "transfer.stage.writing": "Writing… {percent}%",
  "transfer.stage.indexing": "Indexing for search… {percent}%",
  "transfer.records": { one: "{n} record", other: "{n} records" },
  "transfer.preview_head": "{format}, {encoding}, {records}. Nothing is written until you choose Import.",
  "transfer.done_head": "Imported from {format} ({records}).",
  "transfer.count.contacts_created": "New contacts",
  "transfer.count.contacts_merged": "Merged into existing contacts",
  "transfer.count.contacts_unchanged": "Already here, unchanged",
  "transfer.count.records_skipped": "Records with an error, not imported",
  "transfer.count.interactions_created": "New interactions",
  "transfer.count.interactions_duplicate": "Interactions already here",
  "transfer.count.interactions_unmatched": "Interactions with no known contact",
  "transfer.count.questions_created": "Questions",
  "transfer.count.posts_created": "New posts",
  "transfer.count.posts_duplicate": "Posts already here",
  "transfer.count.comments_created": "New comments on your posts",
  "transfer.count.comments_duplicate": "Comments already here",
  "transfer.count.replies_created": "Your replies to comments",
  "transfer.count.replies_duplicate": "Your replies already here",
  "transfer.count.blog_questions_created": "Your replies ending with a question",
  "transfer.count.answers_created": "Answers to your replies",
  "transfer.blog_left_out": "Left out: {list}.",
  "transfer.list.emails": "emails",
  "transfer.list.phones": "phones",
  "transfer.list.links": "links",
  "transfer.list.circles": "circles",
  "transfer.left.spam": { one: "{n} spam", other: "{n} spam" },
  "transfer.left.trash": { one: "{n} in the trash or deleted", other: "{n} in the trash or deleted" },
  "transfer.left.unapproved": "{n} awaiting approval",
  "transfer.left.pingbacks": { one: "{n} pingback or trackback", other: "{n} pingbacks or trackbacks" },
  "transfer.left.anonymous": "{n} with no name or email",
  "transfer.left.on_posts_left_out": { one: "{n} comment on a post left out", other: "{n} comments on posts left out" },
  "transfer.left.replies_to_nothing": { one: "{n} reply of yours to a comment left out", other: "{n} replies of yours to a comment left out" },
  "transfer.left.posts_left_out": { one: "{n} post not yours or not published", other: "{n} posts not yours or not published" },
  "transfer.problems": "Problems: {errors}, {warnings}",
  "transfer.errors_n": { one: "{n} error", other: "{n} errors" },
  "transfer.warnings_n": { one: "{n} warning", other: "{n} warnings" },
  "transfer.more": { one: "and {n} more (the command line lists them all: rapport import FILE --dry-run --json)", other: "and {n} more (the command line lists them all: rapport import FILE --dry-run --json)" },
  "transfer.people": "The file’s people ({n})",
  "transfer.action.create": "new",
  "transfer.action.merge": "merge",
  "transfer.action.unchanged": "unchanged",
  "transfer.action.same_as_earlier": "same as above",
  "transfer.action.skip": "left out",
  "transfer.matched.email": "matched by email",
  "transfer.matched.link": "matched by profile",
  "transfer.matched.phone": "matched by phone",
  "transfer.matched.name": "matched by name",
  "transfer.adds": "adds {fields}",
  "transfer.likely": "Likely the same person ({n})",
  "transfer.likely_hint": "Same name, and a phone or the organisation, but other email addresses. Tick those to merge; the others become new contacts.",
  "transfer.likely_pair": "{name} looks like {other}: same {evidence}",
  "transfer.evidence.phone": "phone",
  "transfer.evidence.name": "name",
  "transfer.evidence.organisation": "organisation",
  "transfer.where_file": "The file",
  "transfer.where_line": "Line {line}",
  "transfer.where_record": "{kind} {n}",
  "transfer.where_record_line": "{kind} {n}, line {line}",
  "transfer.kind.card": "Card",
  "transfer.kind.row": "Row",
  "transfer.kind.event": "Event",
  "transfer.kind.message": "Message",
  "transfer.kind.contact": "Contact",
  "transfer.kind.interaction": "Interaction",
  "transfer.kind.post": "Post",
  "transfer.kind.value_item": "Value item",
  "transfer.new_contacts": { one: "{n} new contact", other: "{n} new contacts" },
  "transfer.merged_into": "merged into {name}",
  "transfer.merged_n": { one: "{n} merged", other: "{n} merged" },
  "transfer.new_interactions": { one: "{n} new interaction", other: "{n} new interactions" },
  "transfer.new_posts": { one: "{n} new post", other: "{n} new posts" },
  "transfer.new_comments": { one: "{n} new comment", other: "{n} new comments" },
  "transfer.new_replies": { one: "{n} reply of yours", other: "{n} replies of yours" },
  "transfer.nothing_new": "Nothing new: everything in the file was already here",
  "transfer.open": "Choose a file…",
  "transfer.open_folder": "Choose a folder of .eml emails…",
  "transfer.open_filter": "Contacts, calendars and Rapport exports",
  "transfer.no_file": "No file chosen",
  "transfer.drop_hint": "Or drop a file anywhere on the window.",
  "notice.show_in_folder": "Show in folder",
  "backup.failed": "Today’s automatic backup failed. {reason} The app’s log keeps this: {log}",
  "transfer.export": "Export everything",
  "transfer.export_hint": "Where you choose (Downloads is proposed). The JSON file holds everything and imports back into Rapport; CSV gives one file per table; vCard 4.0 gives your contacts to any address book.",
  "transfer.export_json": "JSON (everything)",
  "transfer.export_csv": "CSV (one file per table)",
  "transfer.export_vcard": "vCard (contacts)",
  "transfer.exported": "Exported to {path}",
  "side.help": "Keyboard shortcuts (?)",

  "help.title": "Keyboard shortcuts",
  "help.close_dialog": "Close",
  "help.dashboard": "Dashboard",
  "help.model": "Settings",
  "help.log": "Log an interaction",
  "help.add": "Add a contact",
  "help.search": "Search contacts",
  "help.list": "Move through the contact list",
  "help.rate": "How close are you? Rate ties for calibration",
  "help.rate_keys": "In it: rate 1 to 5, skip",
  "help.close": "Close a dialog, clear the search",
  "help.stop_import": "Stop the running import step (Import screen), from inside a field too",
  "help.help": "Show these shortcuts",
  "help.or": "or",
  "help.then": "then",
  "key.ctrl": "Ctrl",
  "key.esc": "Esc",
  "key.enter": "Enter",

  "dash.title": "Your network",
  "dash.lead": "Measured from everything you logged, as of {date}.",
  "dash.updating": "Bringing these figures up to date with the latest changes…",
  "dash.model": "Settings",
  "dash.index": "Network Value Index",
  "dash.of_100": "of 100",
  "dash.index_title": "{index} of 100: the weighted mean of the six components; their points add up to it.",
  "band.weak": "Weak",
  "band.fair": "Fair",
  "band.strong": "Strong",
  "band.too_early": "Too early to say",
  "band_meaning.too_early": "Not enough logged yet for a band: the index could lie anywhere from {lo} to {hi}.",
  "dash.interval": "80% range {lo}–{hi}",
  "dash.interval_title":
    "The index’s 80% interval: with what you have logged, it lies in this range with 80% probability. A band is given once the range is narrow enough.",
  "dash.component_interval": "80% range {lo}–{hi} (n = {n})",
  "dash.component_prior": "no data yet: the neutral prior, 80% range {lo}–{hi}",
  "m.rate_interval": "80% range {lo}–{hi}, n = {n}",
  "dash.noise": "noise",
  "dash.move_noise_title": "{name} moved {points} points, within its 80% range: not a clear move.",
  "band_meaning.weak": "Below 40: few deep ties kept up, many touches unanswered or questions left waiting.",
  "band_meaning.fair": "40 to 59: an ordinary to good network; deeper ties and answered questions lift it.",
  "band_meaning.strong": "60 and above: deep ties kept up, people answering, questions answered and value given.",
  "band.title":
    "Below 40 weak, 40–59 fair, 60 and above strong. These are grades on this scale, Rapport’s own choice, not a rank among people.",
  "dash.change": "{change} points in the last {days} days",
  "dash.change_title": "{from} {days} days ago, {to} today",
  "dash.active": { one: "{n} tie active in the last year", other: "{n} ties active in the last year" },
  "dash.reply_questions": {
    one: "{unanswered} of your {n} question in replies to comments went unanswered (80%: {lo}–{hi})",
    other: "{unanswered} of your {n} questions in replies to comments went unanswered (80%: {lo}–{hi})",
  },
  "dash.reply_questions_waiting": {
    one: "{n} question in your replies to comments is waiting for an answer",
    other: "{n} questions in your replies to comments are waiting for an answer",
  },
  "dash.layers_title": "How many ties you were in touch with weekly, monthly, every few months and yearly over the last year. Dunbar found such layers hold about 5, 15, 50 and 150 people.",
  "dash.components": "Components",
  "chart.tab.index": "Index",
  "chart.tab.contact": "Strength",
  "chart.tab.layers": "Dunbar layers",
  "chart.tab.give_take": "Give and take",
  "chart.tab.follow_through": "Follow-through",
  "chart.tab.calendar": "Activity",
  "chart.tab.reactions": "Reactions",
  "chart.alt.index": "The Network Value Index over time, stacked by component, with the four weeks it moved most marked",
  "chart.alt.contact": "{name}’s strength over time, each interaction a dot coloured by channel, with the cadence band and open questions",
  "chart.alt.layers": "How many ties were in each Dunbar layer, week by week",
  "chart.alt.give_take": "Value given (above the axis) and received (below), month by month",
  "chart.alt.follow_through": "Questions asked month by month, mine above and theirs below, answered or still open",
  "chart.alt.calendar": "A year of interactions, day by day",
  "chart.alt.reactions": "Reactions to each post, by kind, with the number of people reached",
  "chart.failed": "The chart could not be drawn: {message}",
  "chart.updating": "This chart is from before your latest changes; it is measured again in the background and shown up to date when the dashboard is next opened.",
  "chart.save.svg": "SVG",
  "chart.save.png": "PNG",
  "chart.save_title.svg": "Save this chart as an SVG file where you choose",
  "chart.save_title.png": "Save this chart as a PNG image where you choose",
  "chart.saved": "Chart saved to {path}",
  "dash.col_score": "Score",
  "dash.col_weight": "Weight",
  "dash.col_points": "Points",
  "dash.no_data": "no data yet",
  "dash.no_data_title": "No data yet: this component counts as its neutral prior until you log some.",
  "dash.score_title": "{name} scores {score} of 100: {detail}.",
  "dash.weight_title": "Weight {weight} of {sum} in use: {name} makes {share} of the index. Change it in Settings.",
  "dash.points_title": "{weight} × {score} ÷ {sum} (the weights in use) = {points} points of the index.",
  "dash.components_sum": "Click a component to see what it is made of and how its points are worked out. The points add up to the index.",
  "dash.empty_title": "Your index appears with your first interactions",
  "dash.empty": "Rapport measures what you do with people: add a contact (Ctrl+N), then log what happens between you (Ctrl+K). The index, its components and the suggestions fill in from there.",
  "dash.empty_add": "Add a contact",
  "dash.empty_log": "Log an interaction",

  "component.depth": "Depth",
  "component.breadth": "Breadth",
  "component.reciprocity": "Reciprocity",
  "component.generosity": "Generosity",
  "component.follow_through": "Follow-through",
  "component.reach": "Reach",
  "component_about.depth": "The mean strength of your 15 strongest ties (Dunbar’s sympathy group); an empty seat counts 0.",
  "component_about.breadth": "How many ties had contact in the last year, against Dunbar’s 150, with diminishing returns.",
  "component_about.reciprocity":
    "With the ties active in the last year, weighted by strength: half how evenly you both reach out, half how many touches became a two-way exchange.",
  "component_about.generosity":
    "Your share of the value given in the last year (introductions, help, advice…); giving 60% or more scores 100.",
  "component_about.follow_through": "How many questions of the last year were answered, both ways; the ones you owe count double.",
  "component_about.reach":
    "How many contacts reacted to your posts of the last 180 days, and how many comments and shares each post drew.",
  "component_empty.depth": "Log interactions with the people who matter to you to give your ties strength.",
  "component_empty.breadth": "Log interactions with more of your contacts.",
  "component_empty.reciprocity": "No interaction in the last year yet. Log one to see who reaches out and who answers.",
  "component_empty.generosity": "Nothing given or received yet. In the quick log, note what you gave or received.",
  "component_empty.follow_through": "No questions yet. In the quick log, note the questions asked either way.",
  "component_empty.reach":
    "No posts yet. Record your posts and their reactions with the command line (rapport post, rapport react).",
  "detail.depth": "mean strength of your {n} strongest ties",
  "detail.breadth": {
    one: "{n} tie active in the last year, of Dunbar’s {of}",
    other: "{n} ties active in the last year, of Dunbar’s {of}",
  },
  "detail.reciprocity": "balanced initiative and two-way exchanges, recent touches weighing most",
  "detail.generosity": "you gave {given} and received {received} items in the last year ({share} of the value given)",
  "detail.follow_through":
    "you answered {answered} of {asked} questions put to you; they answered {their_answered} of your {their_asked}",
  "detail.reach": {
    one: "{reactions} to your {n} post of the last {days} days",
    other: "{reactions} to your {n} posts of the last {days} days",
  },
  "detail.reach_reactions": { one: "{n} reaction", other: "{n} reactions" },
  "detail.reach_usual": "; your usual: {usual} a post",

  "dash.why": "Why it moved",
  "dash.why_period": "Last {days} days",
  "dash.steady": "steady",
  "dash.move_title": "{name}: {points} points of the index over the last {days} days.",
  "dash.no_data_short": "no data",
  "dash.move_nodata_title":
    "{name} has no data yet. Until it has, it counts as scoring the index itself, so its {points} points only follow the index; they are not a move of their own.",
  "why.depth_steady": "your closest ties held steady",
  "why.depth_moved": "the strength of your closest ties moved most with {changes}",
  "why.breadth_lost": {
    one: "{n} tie went a year without contact: {names}",
    other: "{n} ties went a year without contact, among them {names}",
  },
  "why.breadth_gained": {
    one: "{n} tie became active again or new: {names}",
    other: "{n} ties became active again or new, among them {names}",
  },
  "why.breadth_steady": { one: "{n} tie active in the last year, as before", other: "{n} ties active in the last year, as before" },
  "why.reciprocity_steady": "the balance of who reaches out and who answers held steady",
  "why.reciprocity_moved": "the balance of who reaches out and who answers moved most with {changes}",
  "why.pts": "{value} pts",
  "why.nothing_exchanged": "nothing given or received in this period",
  "why.gave": {
    one: "you gave {n} item (to {names}) and received {received}",
    other: "you gave {n} items (to {names}) and received {received}",
  },
  "why.received": {
    one: "you received {n} item (from {names}) and gave {given}",
    other: "you received {n} items (from {names}) and gave {given}",
  },
  "why.answered_all": {
    one: "you answered {n} question in this period and none put to you went past {days} days unanswered",
    other: "you answered {n} questions in this period and none put to you went past {days} days unanswered",
  },
  "why.they_answered": {
    one: "they answered {n} question of yours in this period",
    other: "they answered {n} questions of yours in this period",
  },
  "why.they_left_unanswered": {
    one: "{n} question of yours to {names} unanswered for more than {days} days; they answered {answered} in this period",
    other: "{n} questions of yours to {names} unanswered for more than {days} days; they answered {answered} in this period",
  },
  "why.unanswered": {
    one: "{n} question from {names} unanswered for more than {days} days; {answered} answered in this period",
    other: "{n} questions from {names} unanswered for more than {days} days; {answered} answered in this period",
  },
  "why.reach_quiet": "no post and no reaction in this period",
  "why.reach_moved": {
    one: "{n} post and {reactions} in this period",
    other: "{n} posts and {reactions} in this period",
  },
  "why.reach_from": ", from {names} among others",
  "why.others": { one: "{n} other", other: "{n} others" },

  "dash.suggestions": "Suggestions",
  "sugg.reconnect": "Reconnect",
  "sugg.questions_i_owe": "Questions you owe",
  "sugg.my_turn": "Your turn to write",
  "sugg.only_take": "Where you only take",
  "sugg.only_broadcast": "Where you only broadcast",
  "sugg_hint.reconnect": "Ties that were strong and have gone quiet, the most worth reviving first.",
  "sugg_hint.questions_i_owe": "Asked of you in the last year and still open, the oldest first.",
  "sugg_hint.my_turn": "Their last message is waiting for your reply, the longest first.",
  "sugg_hint.only_take": "At least two things received in the last year, and less than a quarter of the value given back.",
  "sugg_hint.only_broadcast": "At least five turns from you in the last year (a burst of messages is one), and fewer than one in five answered.",
  "sugg_empty.reconnect": "No tie that was strong is overdue.",
  "sugg_empty.questions_i_owe": "You owe no answers.",
  "sugg_empty.my_turn": "Nobody is waiting for your reply.",
  "sugg_empty.only_take": "No tie where you only take.",
  "sugg_empty.only_broadcast": "No tie where you only broadcast.",
  "sugg.reconnect_item": "silent for {silent}, usually every {expected}",
  "sugg.reconnect_title": "Strength {then} at your last contact; now {ratio} times their usual gap.",
  "sugg.question_item": "asked {ago}",
  "sugg.turn_item": "waiting for {span}",
  "sugg.take_item": "received {received}, gave {given}",
  "sugg.take_title": "{share} of the value exchanged in the last year came from you.",
  "sugg.broadcast_item": "{answered} of your {turns} turns answered",
  "sugg.more": { one: "{n} more", other: "{n} more" },
  "agenda.title": "This week",
  "agenda.lead": "The next {days} days: who is due for a catch-up, birthdays, questions you owe, your turns. Press Enter on a line to log what settles it.",
  "agenda.loading": "Loading…",
  "agenda.failed": "This week could not be loaded.",
  "agenda.catch_ups": "Catch up",
  "agenda.birthdays": "Birthdays",
  "agenda.questions_i_owe": "Questions you owe",
  "agenda.my_turn": "Your turn to write",
  "agenda_empty.catch_ups": "Nobody is due for a catch-up.",
  "agenda_empty.birthdays": { one: "No birthday today.", other: "No birthday in the next {days} days." },
  "agenda_empty.questions_i_owe": "You have answered every question asked of you.",
  "agenda_empty.my_turn": "No message is waiting for your reply.",
  "agenda.catch_ups_rest": { one: "and {n} more, lower in the ranking", other: "and {n} more, lower in the ranking" },
  "agenda.turns": "turns {n}",
  "agenda.log_title": "Log an interaction with {name}",
  "agenda.save": "Save calendar file…",
  "agenda.save_title": "Writes an iCalendar file (.ics) where you choose: birthdays as yearly events, catch-ups as to-dos. Import it into your phone’s calendar.",
  "agenda.saved": "Calendar saved: {path}",

  "dash.strongest": "Strongest ties",
  "dash.strongest_empty": "Your strongest ties show here once you have logged interactions.",
  "dash.tie_title": "Strength {strength} of 100 · {cadence}",

  "layer.1": "Weekly",
  "layer.2": "Monthly",
  "layer.3": "Quarterly",
  "layer.4": "Yearly",
  "layer.none": "No layer",
  "layer_short.1": "In touch about weekly, like your {size} closest",
  "layer_short.2": "In touch about monthly, like your {size} closest",
  "layer_short.3": "In touch every few months, like your {size} closest",
  "layer_short.4": "In touch about once a year, like your {size} closest",
  "layer_short.none": "Rarely in touch this year",
  "layer_about.5": "In touch about every week: Dunbar’s innermost layer, which usually holds about 5 people.",
  "layer_about.15": "In touch about every month: Dunbar’s layer of about 15 people.",
  "layer_about.50": "In touch every few months: Dunbar’s layer of about 50 people.",
  "layer_about.150": "In touch about once a year: Dunbar’s layer of about 150 people.",
  "layer_about.none": "Not in touch often enough in the last year to sit in one of Dunbar’s layers.",

  "cadence.on_track": "On track",
  "cadence.due": "Due",
  "cadence.overdue": "Overdue",
  "cadence.never": "Never in touch",
  "cadence_source.contact": "your keep-in-touch goal for them",
  "cadence_source.circle": "the goal of one of their circles",
  "cadence_source.own_rhythm": "their own rhythm (the median of their last ten silences between conversations)",
  "cadence_source.layer": "the usual rhythm of their layer",
  "cadence_source.default": "a yearly default",
  "cadence.detail": "{since} since the last contact, usually every {expected}",
  "cadence.detail_never": "Nothing logged yet",
  "cadence.title":
    "{since} since the last contact, against an expected gap of {expected} from {source}: {ratio} times the gap. Below {due} is on track, up to {overdue} due, above that overdue. Any interaction resets it.",

  "turn.me": "Yours",
  "turn.them": "Theirs",
  "turn.none": "Nobody’s",
  "turn_reason.their_question": "they asked you a question",
  "turn_reason.my_question": "you asked them a question",
  "turn_reason.their_message": "their message waits for you",
  "turn_reason.my_message": "your message waits for them",
  "turn_reason.settled": "the last exchange was spoken, or nothing is pending",
  "turn.detail": "{reason}, {ago}",
  "turn.title":
    "Whose move it is: an open question of the last year comes first (theirs, then yours), then the last written message; a spoken exchange settles it.",
  "m.whose_turn": "Whose turn",
  "m.cadence": "Rhythm",

  "m.title": "Measures",
  "m.window": "Over the last {days} days unless said otherwise",
  "m.strength": "Strength",
  "m.of_100": "/ 100",
  "m.strength_title":
    "Strength {strength} = ({wi} × intimacy × fade + {wn} × intensity + {wd} × duration × fade + {ws} × services) ÷ {sum}, each part out of 100.",
  "m.part.intensity": "Intensity",
  "m.part.intimacy": "Intimacy",
  "m.part.duration": "Duration",
  "m.part.services": "Services",
  "m.part_about.intensity": "Recent interactions weighted by channel, length and group size, each halving in weight every {h} days.",
  "m.part_about.intimacy": "Your closeness rating as it was then, and your recent one-to-one meetings, calls and video calls.",
  "m.part_about.duration": "How long the tie has lasted, from when you met to the last contact; ten years is full.",
  "m.part_about.services": "Value exchanged both ways (introductions and referrals count most), halving every {h} days.",
  "m.fade": "Kept despite silence: {pct} · a contact weighs half as much after {h}",
  "m.how": "How is this computed?",
  "m.strength_plain": "How strong the tie is, from 0 to 100: how close you said you are, how much you were in touch lately, how long you have known each other and the help exchanged.",
  "m.fade_title":
    "Silence fades intimacy and duration at half the speed of intensity: ×{fade} now. Interactions with them lose half their weight every {h} days.",
  "m.initiative": "Initiative",
  "m.initiative_line": "They reached out {them} · you {me}",
  "m.initiative_even": "Balanced",
  "m.initiative_me": "Mostly you",
  "m.initiative_them": "Mostly them",
  "m.initiative_end_me": "you",
  "m.initiative_end_them": "them",
  "m.initiative_title":
    "(They − you) ÷ both = {balance}: −1 when you always reach out, +1 when they always do.",
  "m.conversation": "Conversation",
  "m.conversation_line": "{share} of your turns answered",
  "m.conversation_sub": "{answered} of {mine} · {ratio} of all turns two-way",
  "m.conversation_title":
    "Counted in turns: messages in a row from one side are one turn. A turn is two-way when it is spoken (in person, call, video, event), when it carries the other side's reply, or when the other side answers it (a reply linked to it, or written back within {days} days). A low share means you broadcast to them.",
  "m.give_take": "Give and take",
  "m.give_take_line": "You gave {given} · received {received}",
  "m.give_take_sub": "{share} of the value from you; half is balance",
  "m.give_first_me_after": "You gave first ({date}); value came back after {after}",
  "m.give_first_me_none": "You gave first ({date}); nothing has come back yet",
  "m.give_first_them_after": "They gave first ({date}); you gave back after {after}",
  "m.give_first_them_none": "They gave first ({date}); you have not given back yet",
  "m.give_take_none": "Nothing given or received yet",
  "m.give_take_title":
    "Given ÷ (given + received), each item weighted by its kind (an introduction or a referral counts 3, help 2, advice 1.5, knowledge 1): {given} against {received}.",
  "m.follow": "Follow-through",
  "m.follow_you": "You answer them",
  "m.follow_them": "They answer you",
  "m.follow_line": "{answered} of {asked}",
  "m.follow_open": { one: "{n} open", other: "{n} open" },
  "m.follow_median": "median {delay}",
  "m.follow_none": "no questions yet",
  "m.follow_all": "All questions logged so far",
  "m.follow_title":
    "Answered ÷ (answered + open for more than {grace} days), over every question logged with them. Open questions are listed on the right.",
  "m.reactions": "Reactions to your posts",
  "m.reactions_line": "Reacted to {reacted} of your {posts} posts",
  "m.reactions_sub": { one: "{n} comment, {replied} answered by you", other: "{n} comments, {replied} answered by you" },
  "m.reactions_none": "No posts of yours in this period",
  "m.reactions_title": "Of your posts in the last {days} days, how many they liked, shared or commented on.",
  "m.none": "—",

  "model.index": "Network Value Index weights",
  "model.strength": "Tie strength weights",
  "model.time": "Half-lives and windows",
  "model.default": "default {value}",
  "model.default_days": "days · default {value}",
  "model.default_times": "times · default {value}",
  "model.share": "Share of the index",
  "model.strength_share": "Share of a tie’s strength",
  "model.field.base_half_life_days": "Half-life",
  "model.field.kin_half_life_factor": "Kin fade slower",
  "model.field.window_days": "Window",
  "model.field.reply_window_days": "Reply window",
  "model.field.question_grace_days": "Question grace",
  "model.field.evidence_half_life_days": "Evidence half-life",
  "model.about.evidence_half_life_days":
    "Old touches, questions, items and posts count half as much after this many days in reciprocity, generosity, follow-through and reach, rather than leaving a window at once.",
  "model.about.base_half_life_days":
    "An interaction’s weight halves after this many days; ties with a slower rhythm stretch it to their own cadence.",
  "model.about.kin_half_life_factor":
    "Kin fade this many times more slowly: Roberts & Dunbar (2011) found kin lose little closeness when contact drops; the factor is Rapport’s own choice.",
  "model.about.window_days": "The period of initiative, conversation, give and take, reactions and the index.",
  "model.about.reply_window_days": "A written touch counts as answered when they write back within this many days.",
  "model.about.question_grace_days": "An open question counts against follow-through only after this many days.",
  "model.field.intensity_reference": "Intensity reference",
  "model.field.services_reference": "Services reference",
  "model.field.generosity_target": "Generosity target",
  "model.field.generosity_first_bonus": "Giving first bonus",
  "model.field.reach_window_days": "Reach window",
  "model.field.reach_reference_posts": "Reach’s usual from",
  "model.field.layer_min_share": "Share for a layer",
  "model.field.own_rhythm_min_gaps": "Rhythm after",
  "model.field.due_ratio": "Due after",
  "model.field.overdue_ratio": "Overdue after",
  "model.field.rhythm_overdue_ratio": "Rhythm overdue after",
  "model.field.conversation_gap_days": "Conversation gap",
  "model.about.intensity_reference":
    "The volume of interactions at which intensity scores 63; the default is about seven weekly coffees in a row.",
  "model.about.services_reference": "The value exchanged both ways at which services score 63.",
  "model.about.generosity_target": "The share of the value given at which generosity scores 100 (0.6 is 60%).",
  "model.about.generosity_first_bonus":
    "How much more an item counts in generosity when you gave it owing that contact nothing (0.5 is half as much again; 0 turns it off).",
  "model.about.reach_window_days": "Reach’s line counts the posts of this many days and their reactions.",
  "model.about.reach_reference_posts":
    "Each post’s reactions are compared with the median of this many posts published before it: your usual.",
  "model.about.layer_min_share":
    "A tie sits in a layer once it had at least this share of the layer’s expected contact days over the window.",
  "model.about.own_rhythm_min_gaps":
    "How many gaps between contacts a tie needs before its own rhythm sets the gap expected of it.",
  "model.about.due_ratio": "A tie is due once its silence passes this many times its expected gap.",
  "model.about.overdue_ratio": "…and overdue past this many times.",
  "model.about.rhythm_overdue_ratio":
    "A tie judged by its own rhythm is overdue past this many times its usual silence (Navarro et al., 2017: about 8).",
  "model.about.conversation_gap_days":
    "Touches further apart than this many days are separate conversations; a tie’s rhythm is the silence between them.",
  "model.about.channel": "What one interaction through this channel counts for in a tie’s intensity; in person counts 1.",
  "model.about.value": "What one item of this kind counts for in services and generosity.",
  "model.channels": "Channel weights",
  "model.values": "Value weights",
  "model.references": "Reference points",
  "model.rhythm": "Rhythm",
  "model.layer_sizes": "Dunbar’s layers: size",
  "model.layer_cadences": "Dunbar’s layers: expected gap",
  "model.layer": "Layer {i}",
  "model.about.layer_size": "How many of your strongest ties layer {i} holds, the layers inside it included (Dunbar: 5, 15, 50, 150).",
  "model.about.layer_cadence": "How often the ties of layer {i} are expected to be in touch, in days.",
  "model.default_people": "people · default {value}",
  "model.default_gaps": "gaps · default {value}",
  "model.default_posts": "posts · default {value}",
  "model.touch": "Interactions and fading",
  "model.components": "Inside the index",
  "model.suggestions": "Suggestions and dashboard",
  "model.closeness": "Closeness and half-life",
  "model.default_per_hour": "per hour · default {value}",
  "model.default_hours": "hours · default {value}",
  "model.default_power": "power · default {value}",
  "model.default_share": "share, 0 to 1 · default {value}",
  "model.default_items": "items · default {value}",
  "model.default_touches": "touches · default {value}",
  "model.default_layer": "layer 1 to 4 · default {value}",
  "model.field.intimacy_closeness_share": "Closeness in intimacy",
  "model.about.intimacy_closeness_share":
    "When you rate a tie’s closeness, intimacy takes this share from your rating and the rest from the one-to-one contact seen.",
  "model.default_points": "points · default {value}",
  "model.field.intimacy_reference": "Intimacy reference",
  "model.field.band_max_interval_width": "Band once sure within",
  "model.about.intimacy_reference":
    "The recent one-to-one meetings, calls and video calls (old ones faded) at which the observed part of intimacy scores 63.",
  "model.about.band_max_interval_width":
    "The index says weak, fair or strong only once its 80% interval is at most this many points wide; “too early to say” before.",
  "model.field.depth_per_hour": "Bonus per hour",
  "model.field.depth_max_hours": "Hours that count",
  "model.field.group_size_exponent": "Group size power",
  "model.field.fade_half_life_factor": "Silence fades slower",
  "model.field.duration_full_days": "Full duration",
  "model.field.reciprocity_initiative_share": "Reciprocity: initiative",
  "model.field.reciprocity_tie_exponent": "Reciprocity: tie power",
  "model.field.breadth_exponent": "Breadth power",
  "model.field.follow_through_mine_weight": "Follow-through: mine",
  "model.field.follow_through_theirs_weight": "Follow-through: theirs",
  "model.field.reconnect_ratio_cap": "Reconnect: lateness cap",
  "model.field.only_take_min_received": "Only take: received",
  "model.field.only_take_max_share": "Only take: given below",
  "model.field.only_broadcast_min_touches": "Only broadcast: touches",
  "model.field.only_broadcast_max_answered": "Only broadcast: answered below",
  "model.field.why_days": "Why it moved: period",
  "model.field.quiet_turn_days": "Quiet turn after",
  "model.field.unstated_layer": "Nothing stated",
  "model.field.own_rhythm_max_gaps": "Rhythm from the last",
  "model.closeness_of": "Closeness {i}",
  "model.about.depth_per_hour": "A meeting counts this much more per hour of its length in intensity (0.25: a two-hour dinner counts 1.5 times).",
  "model.about.depth_max_hours": "Hours beyond this add nothing to a meeting’s weight.",
  "model.about.group_size_exponent":
    "With n people, an interaction counts 1 ÷ n to this power for each (0.5 is the square root; 0 ignores the group’s size).",
  "model.about.fade_half_life_factor": "Silence fades intimacy and duration this many times more slowly than intensity.",
  "model.about.duration_full_days": "After this many days of contact, duration scores 100 (3650 is ten years).",
  "model.about.reciprocity_initiative_share":
    "A tie’s reciprocity: this share from who reaches out (evenly is best), the rest from touches that became two-way exchanges.",
  "model.about.reciprocity_tie_exponent":
    "Each tie weighs its touches to this power in reciprocity (0.5 is the square root, so a chatty tie does not drown the others).",
  "model.about.breadth_exponent": "Breadth is active ties ÷ 150 to this power (0.5 is the square root: the first ties count most).",
  "model.about.follow_through_mine_weight": "How much your answers to questions put to you weigh in follow-through.",
  "model.about.follow_through_theirs_weight": "How much their answers to your questions weigh in follow-through.",
  "model.about.reconnect_ratio_cap": "In Reconnect, lateness (silence ÷ expected gap) counts at most this many times.",
  "model.about.only_take_min_received": "“Only take” lists a tie once you received at least this many items in the window…",
  "model.about.only_take_max_share": "…and gave less than this share of the value (0.25 is 25%).",
  "model.about.only_broadcast_min_touches": "“Only broadcast” lists a tie once you reached out at least this many times in the window…",
  "model.about.only_broadcast_max_answered": "…and less than this share of your touches was answered (0.2 is 20%).",
  "model.about.why_days": "The dashboard explains how the index moved over this many days.",
  "model.about.quiet_turn_days":
    "A reply you owe, quiet longer than this, is folded in Open loops and left out of the suggestions: the tie is drifting.",
  "model.about.unstated_layer": "With no goal and no closeness, a tie keeps its interactions as long as the cadence of this layer.",
  "model.about.own_rhythm_max_gaps": "A tie’s own rhythm is the median of this many of its latest silences.",
  "model.about.closeness_layer": "A closeness of {i} out of 5 makes a tie’s interactions last as long as the cadence of this layer.",
  "model.reset": "Restore defaults",
  "model.save": "Save",
  "model.cancel": "Undo changes",
  "model.saved": "Model saved: every measure is recomputed with it.",
  "model.restored": "The model is back to its defaults: every measure works again.",
  "model.unreadable_settings": "Open Settings",
  "model.err.number": "{field}: enter a number.",
  "model.err.range": "{field}: enter a number from {min} to {max}.",
  "model.err.positive": "{field}: enter a number above 0 and at most {max}.",
  "model.err.whole": "{field}: enter a whole number from {min} to {max}.",
  "model.err.all_zero": "{group}: at least one weight must be above 0.",
  "model.err.overdue": "{overdue} must not be below {due}.",
  "model.err.grow": "{group}: each layer must be above the one before it.",

  "settings.title": "Settings",
  "settings.lead": "How Rapport looks and speaks, the numbers behind every measure, and where your data lives.",
  "settings.sections": "Sections",
  "settings.appearance": "Appearance",
  "settings.theme": "Theme",
  "settings.theme.system": "Follow the system",
  "settings.theme.light": "Light",
  "settings.theme.dark": "Dark",
  "settings.language": "Language",
  "settings.language.system": "Follow the system ({name})",
  "settings.appearance_hint": "Dates and numbers follow the language. Both choices are kept on this computer.",
  "settings.reminders": "Daily reminder",
  "reminders.lead": "While Rapport is open, one quiet notification a day says what This week holds: catch-ups due, birthdays, questions you owe. Clicking it opens This week.",
  "reminders.on": "Send me a daily summary",
  "reminders.time": "Time",
  "reminders.test": "Send a test",
  "reminders.test_sent": "Test notification sent.",
  "reminders.permission.granted": "The system shows Rapport’s notifications.",
  "reminders.permission.blocked": "Notifications are blocked by the system: the This week card on the dashboard still shows everything.",
  "reminders.permission.ask": "The system will ask you at the first notification; if you refuse, the This week card still shows everything.",
  "reminders.permission.unknown":
    "The system has not said yet whether it shows Rapport’s notifications; if one cannot show, a notice says so, and the This week card still shows everything.",
  "reminders.last": "Last summary: {day}.",
  "reminders.failed": "The daily reminder could not be shown. {reason} The app’s log keeps this: {log}",
  "settings.model": "Model",
  "settings.model_lead":
    "Every measure is computed from your history with these numbers. Weights are relative: each counts for its weight divided by the sum of its group. Hover a name for what it does; About the measures, just below, says how each is computed and where each default comes from.",
  "about.title": "About the measures: how Rapport counts",
  "about.index.title": "The Network Value Index",
  "about.index":
    "One number from 0 to 100 for your whole network: how deep your closest ties are, how many people you kept in touch with this year, whether conversations go both ways, whether you answer questions and get answers, whether you give as well as receive, and how far your posts reach. Each part counts for its weight; older evidence counts less and less (half after about six months), so a quiet week never raises it.",
  "about.strength.title": "Strength of a tie",
  "about.strength":
    "From 0 to 100: how close you said you are, how much you were in touch lately (a meeting counts more than a message), how long you have known each other, and the help exchanged. Silence makes it fade slowly: a contact counts half as much after about three months, kin more slowly.",
  "about.layers.title": "Circles of closeness",
  "about.layers":
    "The anthropologist Robin Dunbar found that people keep about 5 people they see weekly, 15 monthly, 50 every few months and 150 yearly. Rapport places each tie in one of these circles from its strength, and expects contact at that circle's pace unless you set a goal on the contact (Keep in touch every).",
  "about.rhythm.title": "On time, due, overdue",
  "about.rhythm":
    "A tie is due once the silence is longer than the usual gap between your contacts (your goal, the circle's, or its own rhythm), overdue at one and a half times that gap.",
  "about.exchange.title": "Turns, questions and give and take",
  "about.exchange":
    "Your turn: their message is the last word and waits for your reply. Follow-through: questions answered within a week or so. Give and take: the value items you logged each way, such as an introduction or a piece of advice.",
  "about.uncertainty.title": "How sure each figure is",
  "about.uncertainty":
    "With little history a figure could be quite different: the range under it (80% sure) says how much, and narrows as you log more. Where there is too little to say, Rapport says so rather than guess.",
  "about.sources.title": "Where it comes from",
  "about.sources":
    "Granovetter (1973) and Gilbert & Karahalios (2009) for what makes a tie strong; Dunbar and colleagues for the circles; Roberts & Dunbar (2011) for kin fading more slowly; Navarro, Miritello and colleagues for a tie's own rhythm. The rest are Rapport's own choices, each a setting above you can change. Every formula is in docs/model.md of Rapport's source.",
  "settings.cadences": "Cadences",
  "settings.cadences_lead":
    "Dunbar’s layers and the rhythm expected in each: a tie with no goal of its own, no circle goal and too little history is judged against its layer’s gap. Goals per contact are set on the contact (Keep in touch every).",
  "settings.data": "Data",
  "settings.data_file": "Database file",
  "settings.data_hint": "Everything Rapport knows is in this one file. Copy it somewhere safe to keep a backup.",
  "settings.copy": "Copy the path",
  "settings.copied": "Path copied.",
  "settings.copy_failed": "Could not copy: select the path and copy it by hand.",
  "settings.backups": "Backups",
  "settings.backup_now": "Back up now",
  "settings.backup_hint": "Copies of the database beside it, in a backups folder: one a day while Rapport runs (the last 7 are kept), and those you make. Restoring one first saves what you have now.",
  "settings.backup_none": "No backup yet.",
  "settings.backup_made": "Backup made: {name}",
  "settings.backup_kind.daily": "daily",
  "settings.backup_kind.manual": "made by you",
  "settings.backup_kind.pre-restore": "saved before a restore",
  "settings.restore": "Restore",
  "settings.restore_ask": "Replace everything with the backup of {when}? What you have now is saved first.",
  "settings.restore_confirm": "Restore it",
  "settings.restore_cancel": "Cancel",
  "settings.restored": "Restored the backup of {when}. What you had is saved as {saved}.",
  "settings.backup_check.good": "good",
  "settings.backup_check.newest_good": "the newest good one",
  "settings.backup_check.damaged": "damaged",
  "settings.backup_check.not_checked": "not checked (encrypted)",
  "damage.notice": "This database is damaged (SQLite’s check found: {detail}). Rapport will not back it up.",
  "damage.newest_good": "The newest good backup is {name}, from {when}: restoring it brings back what it holds, and what you have now is saved first.",
  "damage.no_good_backup": "No backup of it passes the check, so there is none to restore.",
  "damage.restore": "Restore it…",
  "damage.dismiss": "Dismiss",
  "settings.size_kb": "{n} KB",
  "settings.size_mb": "{n} MB",
  "settings.encryption": "Encryption",
  "settings.enc_unavailable": "Encryption is not included in this build of Rapport. The database is a plain SQLite file: protect it with full-disk encryption.",
  "settings.enc_on": "This database is encrypted.",
  "settings.enc_keychain": "Its key is in the system keychain, so Rapport opens it without asking.",
  "settings.enc_no_keychain": "Its key is not in the system keychain: Rapport asks for the recovery passphrase at every start.",
  "settings.enc_off": "The database file is not encrypted. Encrypting it protects your data if someone copies the file or takes this computer without your login.",
  "settings.enc_enable": "Encrypt this database…",
  "settings.enc_title": "Encrypt this database?",
  "settings.enc_what": "Rapport rewrites the file encrypted (AES-256), in place. It takes a few seconds; nothing else changes in the app.",
  "settings.enc_point_key": "The key goes into the system keychain, so Rapport keeps opening without asking.",
  "settings.enc_point_passphrase": "You then see a recovery passphrase, once. Keep it somewhere safe: without it and the keychain, the data cannot be recovered.",
  "settings.enc_point_backups": "Backups already in the backups folder stay unencrypted (delete them if they must not be read); those made from now on are encrypted.",
  "settings.enc_point_disk": "Pieces of the old file may remain on the disk: full-disk encryption stays the protection for a laptop that may be stolen.",
  "settings.enc_cancel": "Cancel",
  "settings.enc_confirm": "Encrypt",
  "settings.enc_busy": "Encrypting the database…",
  "settings.enc_passphrase_title": "Your recovery passphrase",
  "settings.enc_passphrase_lead": "Write it down or keep it in a password manager now. It is shown only this once and stored nowhere.",
  "settings.enc_passphrase": "Recovery passphrase",
  "settings.enc_copy": "Copy",
  "settings.enc_copied": "Passphrase copied to the clipboard.",
  "settings.enc_keychain_now": "The key is in the system keychain: on this computer, Rapport opens without asking.",
  "settings.enc_no_keychain_now": "The system keychain could not keep the key ({why}): Rapport will ask for this passphrase at every start.",
  "settings.enc_stored": "I have stored it somewhere safe",
  "settings.enc_done": "Done",
  "settings.enc_enabled": "The database is encrypted.",

  "unit.minutes": { one: "{n} minute", other: "{n} minutes" },
  "unit.hours": { one: "{n} hour", other: "{n} hours" },
  "unit.days": { one: "{n} day", other: "{n} days" },
  "unit.weeks": { one: "{n} week", other: "{n} weeks" },
  "unit.months": { one: "{n} month", other: "{n} months" },
  "unit.years": { one: "{n} year", other: "{n} years" },

  "contact.log": "Log interaction",
  "contact.edit": "Edit",
  "contact.archive": "Archive",
  "contact.unarchive": "Restore",
  "contact.archived": "Archived",
  "contact.last": "Last contact",
  "contact.interactions": "Interactions",
  "contact.interactions_n": { one: "{n} interaction", other: "{n} interactions" },
  "contact.details": "Details",
  "contact.questions": "Open questions",
  "contact.history": "History",
  "contact.no_history":
    "Nothing logged with {name} yet. Log what happens between you to see how strong the tie is, whose turn it is and how you both follow through.",
  "contact.no_history_cta": "Log an interaction",
  "contact.show_all": "Show all {n}",
  "contact.more_questions": { one: "{n} more", other: "{n} more" },
  "contact.never": "never",
  "contact.since": "In Rapport since {date}",

  "field.display_name": "Name",
  "field.demo": "Demo network",
  "field.company": "Company",
  "field.role": "Role",
  "field.location": "Location",
  "field.emails": "Email",
  "field.phones": "Phone",
  "field.how_met": "How we met",
  "field.circles": "Circles",
  "field.circles_hint": "e.g. family, climbing club",
  "field.closeness": "Closeness",
  "field.notes": "Notes",
  "field.participants": "With",
  "field.channel": "Channel",
  "field.initiated_by": "Who reached out",
  "field.at": "When",
  "field.duration_min": "Minutes",
  "field.summary": "Summary",
  "field.questions": "Question",
  "field.answered_in": "Answer",
  "field.given_name": "Given name",
  "field.family_name": "Family name",
  "field.nickname": "Nickname",
  "field.links": "Links",
  "field.is_kin": "Family (kin)",
  "form.several_hint": "Several: separate with commas",
  "form.birthday_hint": "YYYY-MM-DD, or --MM-DD without the year",
  "form.cadence_hint": "e.g. 30",
  "field.cadence_days": "Keep in touch every (days)",
  "field.birthday": "Birthday",
  "field.met_on": "Met on",
  "field.answers": "Answers",
  "field.question": "Question",
  "field.contact": "Contact",
  "field.name": "Name",
  "field.platform": "Platform",
  "field.count": "Count",
  "field.kind": "Kind",
  "field.comment": "Comment",
  "field.url": "Address (URL)",
  "field.title": "Title",
  "field.weight": "Weight",
  "field.note": "Note",
  "field.model": "Settings",
  "field.backup": "Backup",
  "field.database": "Database",
  "field.encryption": "Encryption",
  "field.passphrase": "Passphrase",
  "field.file": "File",
  "field.folder": "Folder",
  "field.file_name": "File name",
  "field.format": "Format",
  "field.lang": "Language",
  "field.time": "Reminder time",
  "field.theme": "Theme",
  "field.from": "From",
  "field.to": "To",
  "field.merged": "Merged contact",
  "field.merge": "Merge",
  "field.record": "Record",
  "field.since": "Since",
  "field.until": "Until",
  "field.job": "Import",

  "closeness.none": "Not rated",
  "closeness.1": "1 · distant",
  "closeness.2": "2",
  "closeness.3": "3",
  "closeness.4": "4",
  "closeness.5": "5 · closest",

  "form.new_title": "Add a contact",
  "form.edit_title": "Edit {name}",
  "form.new_lead": "Only the name is needed; everything else can come later.",
  "form.save_new": "Add contact",
  "form.save_edit": "Save changes",
  "form.cancel": "Cancel",
  "form.required": "required",

  "log.title": "Log an interaction",
  "log.with_placeholder": "Type a name…",
  "log.remove": "Remove {name}",
  "log.me": "I did",
  "log.them": "They did",
  "log.summary_placeholder": "What happened, in a line",
  "log.value": "Value exchanged",
  "log.gave": "I gave",
  "log.received": "I received",
  "log.nothing": "Nothing",
  "log.asked_me": "I asked",
  "log.asked_them": "They asked",
  "log.asked_me_placeholder": "A question you asked them",
  "log.asked_them_placeholder": "A question they asked you",
  "log.answers": "This answers",
  "log.submit": "Log it",
  "log.cancel": "Cancel",
  "log.shortcut": "Ctrl K",
  "log.no_match": "No contact matches “{q}”",
  "log.done": "Logged: {channel} with {names}.",
  "log.create": "Create “{name}”",
  "log.new_person": "new",
  "log.them_one": "{name} did",
  "log.reply_to": "Reply to",
  "log.add_item": "Add another",
  "log.remove_item": "Remove this item",
  "log.with_unpicked": "“{name}” is typed but not picked; press Enter to pick them (or create them), or clear it",
  "log.summary_is_name": "this is {name}’s name; to log the interaction with them, add them under With",
  "when.placeholder": "now, or yesterday 18:00, Mon 2pm, 2 days ago…",
  "when.empty_now": "Now: {when}",
  "when.dd": "DD",
  "when.mm": "MM",
  "when.yyyy": "YYYY",
  "when.empty": "empty; type a date such as {pattern}",
  "when.unknown": "“{text}” is not a date this field can read; try “yesterday 18:00”, “Mon 2pm”, “2 days ago” or {pattern}",
  "when.bad_day": "{month} has {max} days, so there is no day {day}",
  "when.bad_day_no_year": "{month} has at most {max} days, so there is no day {day}",
  "when.bad_month": "there is no month {month}; months go from 1 to 12",
  "when.bad_year": "{year} is not a year this field can keep (1000 to 9999)",
  "when.bad_time": "“{text}” is not a time of day (from 0:00 to 23:59)",
  "when.no_time": "a day is enough here, without a time",
  "when.need_year": "add the year",
  "when.future": "{when} is in the future; save again to keep it, or change it",

  "channel.in_person": "In person",
  "channel.call": "Call",
  "channel.video": "Video",
  "channel.email": "Email",
  "channel.message": "Message",
  "channel.social": "Social",
  "channel.event": "Event",
  "channel.letter": "Letter",
  "channel.other": "Other",

  "kind.introduction": "Introduction",
  "kind.advice": "Advice",
  "kind.knowledge": "Knowledge",
  "kind.help": "Help",
  "kind.referral": "Referral",
  "kind.recommendation": "Recommendation",
  "kind.gift": "Gift",
  "kind.other": "Other",

  "item.given": "Gave {kind}",
  "item.received": "Received {kind}",
  "party.me_reached": "You reached out",
  "party.them_reached": "They reached out",
  "party.me_asked": "You asked",
  "party.them_asked": "They asked",
  "question.open": "open",
  "question.answered": "answered",
  "question.asked_ago": "asked {ago}",
  "question.you_owe": "You owe an answer",
  "question.awaiting": "Awaiting their answer",
  "interaction.with": "with {names}",
  "interaction.minutes": "{n} min",

  "toast.close": "Dismiss",
  "toast.added": "Added {name}.",
  "toast.saved": "Saved {name}.",
  "toast.archived": "Archived {name}.",
  "toast.restored": "Restored {name}.",
  "toast.demo": "Loaded the demo network: {contacts} contacts and {interactions} interactions.",
  "colon": ": ",
  "quote": "“{text}”",
  // Core's reasons (rapport_core::Reason), by key: their English is core's own templates,
  // generated into ui/gen/reasons-en.js, so each sentence is written once.
  ...REASONS_EN,
  // What core's "not found" and "names contact #n" reasons name (their entity / what).
  "entity.contact": "contact",
  "entity.circle": "circle",
  "entity.post": "post",
  "entity.reaction": "reaction",
  "entity.interaction": "interaction",
  "entity.question": "question",
  "entity.value_item": "value item",
  "entity.merge": "merge",
  "error.title": "That didn’t work",
  "error.unknown": "Something went wrong: {detail}",
  "error.no_tauri": "This page must run inside the Rapport app.",

  // Screens of the contact list, open loops, merge, the ledger and posts.
  "toast.undo": "Undo",
  "nav.loops": "Open loops",
  "nav.loops_key": "Ctrl 3",
  "nav.loops_title": "Questions you owe, questions waiting on others, and whose turn it is (Ctrl+3, or G then O)",
  "nav.posts": "Posts & reactions",
  "nav.posts_key": "Ctrl 4",
  "nav.posts_title": "Your posts and who reacted to them (Ctrl+4, or G then P)",
  "help.loops": "Open loops",
  "help.posts": "Posts & reactions",
  "list.sort_label": "Sort contacts",
  "list.sort_name": "By name",
  "list.sort_strength": "By strength",
  "list.sort_last_contact": "By last contact",
  "list.filters": "Filter contacts",
  "list.circle": "Circle",
  "list.layer": "Layer",
  "list.cadence": "Keep in touch",
  "list.archived": "Show",
  "list.any_circle": "Any circle",
  "list.any_layer": "Any layer",
  "list.any_cadence": "Any status",
  "list.layer_1": "Weekly ({size})",
  "list.layer_2": "Monthly ({size})",
  "list.layer_3": "Every few months ({size})",
  "list.layer_4": "Yearly ({size})",
  "list.layer_none": "Outside the layers",
  "list.archived_active": "Active",
  "list.archived_archived": "Archived",
  "list.archived_all": "All",
  "list.excerpt_notes": "Notes: {text}",
  "list.excerpt_details": "Details: {text}",
  "list.excerpt_summary": "Interaction: {text}",
  "list.clear": "Clear filters",
  "list.no_filter_match": "No one matches these filters.",
  "list.strength": "{n} strength",
  "list.loading": "Measuring…",
  "pane.busy": "Measuring your network…",
  "list.strength_title": "Strength of the tie, 0–100",
  "loops.title": "Open loops",
  "loops.lead": "What is waiting for a reply, oldest first. Log the reply from here: the quick log opens with the question ticked.",
  "loops.badge": { one: "{n} loop waiting on you", other: "{n} loops waiting on you" },
  "loops.i_owe": "Questions you owe",
  "loops.i_owe_empty": "You have answered every question asked of you.",
  "loops.my_turn": "Your turn to reply",
  "loops.my_turn_empty": "No message is waiting for your reply.",
  "loops.my_turn_older": { one: "{n} older conversation, quiet for over {days} days", other: "{n} older conversations, quiet for over {days} days" },
  "loops.waiting": "Waiting on them",
  "loops.waiting_empty": "None of your questions is waiting for an answer.",
  "loops.they_asked": "asked you {ago}",
  "loops.you_asked": "you asked {ago}",
  "loops.since": "since {ago}",
  "loops.answer": "Answer…",
  "loops.answered_in": "Answered already…",
  "loops.answered_in_title": "Answered in an interaction already logged",
  "loops.answered_in_confirm": "Close the question",
  "loops.answered_in_none": "Nothing is logged with {name} since this question; log the answer instead",
  "loops.drop": "Drop",
  "loops.drop_title": "Delete this question: it no longer matters (Undo in the notice)",
  "loops.dropped": "Question dropped.",
  "loops.log_answer": "Log their answer…",
  "loops.reply": "Reply…",
  "loops.more": "Show {n} more of {left}",
  "question.answer_short": "Answer",
  "question.log_answer_short": "Log answer",
  "merge.button": "Merge…",
  "correct.edit": "Edit",
  "correct.delete": "Delete",
  "correct.edit_title": "Edit this interaction",
  "correct.edited": "Interaction saved.",
  "correct.interaction_deleted": "Interaction deleted.",
  "correct.undone": "Put back.",
  "correct.n_interactions": { one: "{n} interaction", other: "{n} interactions" },
  "correct.n_questions": { one: "{n} question", other: "{n} questions" },
  "correct.n_value_items": { one: "{n} value item", other: "{n} value items" },
  "correct.n_reactions": { one: "{n} reaction", other: "{n} reactions" },
  "correct.removes": "Deleting {name} removes {what}.",
  "correct.shared_stay": { one: "{n} group interaction stays, with the others.", other: "{n} group interactions stay, with the others." },
  "correct.delete_contact": "Delete contact…",
  "correct.delete_contact_title": "Delete {name}?",
  "correct.delete_confirm": "Delete",
  "correct.archive_instead": "Archive keeps their history and hides them instead.",
  "correct.edit_post_title": "Edit this post",
  "correct.post_edited": "Post saved.",
  "correct.contact_deleted": "{name} deleted.",
  "correct.items": "Value and questions",
  "correct.item_deleted": "Value item deleted.",
  "correct.question_deleted": "Question deleted.",
  "correct.add_item": "Add value",
  "correct.add_question": "Add a question",
  "correct.new_line": "New",
  "correct.new_each": "New, for each participant",
  "correct.new_remove": "Remove",
  "correct.edit_reaction": "Edit the reaction of {what}",
  "correct.edit_reaction_title": "Edit this reaction",
  "correct.reaction_edited": "Reaction saved.",
  "correct.comment_goes": "A like or a share has no comment: its text and your reply go with the change.",

  "merge.title": "Merge a duplicate into {name}",
  "merge.lead": "Everything of the duplicate (interactions, questions, value, reactions, addresses, circles) moves to {name}, whose own details stay. You can undo it right after.",
  "merge.pick": "Duplicate",
  "merge.pick_placeholder": "Type a name",
  "merge.preview": { one: "{merged} and their {n} interaction will become {kept}’s.", other: "{merged} and their {n} interactions will become {kept}’s." },
  "merge.confirm": "Merge",
  "merge.done": "Merged {merged} into {kept}.",
  "merge.undone": "Undid the merge: {name} is back.",
  "ledger.title": "Give and take",
  "ledger.totals": "All time: given {given} · received {received}",
  "ledger.all": "Show all {n}",
  "ledger.weight": "Weight {n}",
  "posts.title": "Posts & reactions",
  "posts.lead": "Log what you post, then who reacted and how: reactions count in each contact’s measures.",
  "posts.new": "Log a post",
  "posts.platform": "Platform",
  "posts.platform_hint": "e.g. LinkedIn, a blog",
  "posts.post_title": "Title",
  "posts.url": "Link",
  "posts.when": "Posted",
  "posts.save": "Log post",
  "posts.saved": "Logged the {platform} post.",
  "posts.none": "No post yet. Log one above, then record who reacted.",
  "posts.more": { one: "Show {n} more post", other: "Show more ({n} left)" },
  "posts.untitled": "Untitled post",
  "posts.total_like": { one: "{n} like", other: "{n} likes" },
  "posts.total_share": { one: "{n} share", other: "{n} shares" },
  "posts.total_comment": { one: "{n} comment", other: "{n} comments" },
  "posts.did_like": "liked it",
  "posts.did_share": "shared it",
  "posts.did_comment": "commented",
  "posts.others": { one: "{n} other", other: "{n} others" },
  "posts.replied": "Replied",
  "posts.not_replied": "Not replied",
  "posts.remove": "Remove the reaction of {what}",
  "posts.post_deleted": "{platform} post deleted, with its reactions.",
  "posts.removed": "Removed the reaction.",
  "posts.kind": "Reaction",
  "posts.kind_like": "Like",
  "posts.kind_share": "Share",
  "posts.kind_comment": "Comment",
  "posts.comment": "Their comment",
  "posts.i_replied": "I replied",
  "posts.reply": "Reply…",
  "posts.reply_when": "When you replied",
  "posts.reply_asked": "Questions you asked {name} (one a line)",
  "posts.reply_asked_placeholder": "What would you add?",
  "posts.reply_save": "Save the reply",
  "posts.reply_saved": {
    one: "Your reply to {name} is logged, with {n} question",
    other: "Your reply to {name} is logged, with {n} questions",
  },
  "posts.who": "Who",
  "posts.who_placeholder": "Type a name, Enter to add",
  "posts.count": "Anonymous count",
  "posts.count_placeholder": "How many",
  "posts.add_count": "Add count",

  "settings.calibration": "Calibration",
  "rate.title": "How close are you?",
  "rate.lead": "Rate how close you feel to each person, from 1 (distant) to 5 (closest). Rapport compares these ratings with the strength it measures from your history.",
  "rate.scale": "Closeness",
  "rate.level.1": "distant",
  "rate.level.2": "acquaintance",
  "rate.level.3": "friendly",
  "rate.level.4": "close",
  "rate.level.5": "closest",
  "rate.skip": "Skip",
  "rate.close": "Close",
  "rate.keys": "1–5 rates, S or → skips, Esc closes",
  "rate.count": { one: "{n} tie rated; calibration needs {needed}", other: "{n} ties rated; calibration needs {needed}" },
  "rate.count_enough": { one: "{n} tie rated: enough for calibration", other: "{n} ties rated: enough for calibration" },
  "rate.step": "{i} of {n}",
  "rate.history": { one: "{n} interaction, the last {last}", other: "{n} interactions, the last {last}" },
  "rate.strength": "Strength today: {strength} / 100",
  "rate.before": "You rated {closeness} ({when})",
  "rate.undated": "date unknown",
  "rate.done": "That is all for now. Come back later for more, or see the accuracy in Settings.",
  "rate.empty": "No tie to rate: every tie with some history is rated recently.",
  "cal.lead": "How well Rapport’s strength agrees with your own closeness ratings, tested on ties the fit did not see.",
  "cal.loading": "Measuring the agreement…",
  "cal.state_uncalibrated": "Strengths in use: uncalibrated (Rapport’s default weights).",
  "cal.state_calibrated": { one: "Strengths in use: calibrated on {n} rating, {at}.", other: "Strengths in use: calibrated on {n} ratings, {at}." },
  "cal.too_few": "{n} ties rated; calibration needs {needed}. Rate a few more.",
  "cal.sentence": "Your ratings agree with Rapport’s strength for {pct} of {n} rated ties, within one level; defaults: {default}.",
  "cal.beats": "The fitted weights beat the defaults on ties they did not see: you can apply them.",
  "cal.not_better": "The fitted weights do not beat the defaults on ties they did not see: the defaults stay.",
  "cal.more": "Other measures",
  "cal.fitted": "Fitted",
  "cal.defaults": "Defaults",
  "cal.spearman": "Rank agreement (Spearman’s ρ)",
  "cal.spearman_title": "1 means the strengths put your ties in exactly the order of your ratings; 0, no relation.",
  "cal.strong_weak": "Strong vs weak",
  "cal.strong_weak_title": "The share of ties rated 4–5 or 1–2 that the strength puts on the right side.",
  "cal.within_one": "Within one level",
  "cal.none": "—",
  "cal.loo": "Each tie scored by a fit made without it.",
  "cal.kfold": "Scored in {k} folds, each by a fit made without it.",
  "cal.weights": "Fitted weights: intimacy {intimacy}, intensity {intensity}, duration {duration}, services {services}.",
  "cal.chart_label": "Strength predicted against your rating for each rated tie: filled dots by the fitted weights, out of sample; hollow dots by the default weights",
  "cal.chart_caption": "Strength (0–100) predicted for each rated tie, against your rating: by a fit that did not see it (filled) and by the default weights (hollow).",
  "cal.rate": "Rate ties…",
  "cal.apply": "Apply",
  "cal.reset": "Back to the defaults",
  "cal.applied": "The calibrated weights are in use.",
  "cal.reset_done": "Back to the default weights.",
  "cal.mark_uncalibrated": "uncalibrated",
  "cal.mark_uncalibrated_title": "Rapport’s default weights, not yet checked against your own closeness ratings (Settings, Calibration).",
  "cal.mark_calibrated": { one: "calibrated on {n} rating", other: "calibrated on {n} ratings" },
  "cal.mark_calibrated_title": "Weights fitted to your closeness ratings and applied {at} (Settings, Calibration).",
};

/**
 * A language's strings by key; a plural entry has one string per plural category ("one", "other").
 * @typedef {Record<string, string | Record<string, string>>} Table
 */

/**
 * Every language with a table, by its BCP 47 code.
 * @type {Record<string, Table>}
 */
export const tables = { en, fr };
let locale = "en";
/** @type {Table} */
let table = en;
/** @type {Table} */
const english = en;
let plurals = new Intl.PluralRules(locale);
// Intl formatters are costly to build and a list of thousands of contacts formats a date per row:
// build each once per locale.
/** @type {Map<string, unknown>} */
let formatters = new Map();

/**
 * The Intl formatter of this kind and options for the current locale, built once.
 * @template T
 * @param {string} key what names these options
 * @param {(locale: string) => T} build
 * @returns {T}
 */
function formatter(key, build) {
  if (!formatters.has(key)) formatters.set(key, build(locale));
  return /** @type {T} */ (formatters.get(key));
}

/** The table that serves a language tag ("fr-CA" → "fr"); English when there is none. */
/** @param {string | null | undefined} tag */
export function languageFor(tag) {
  const base = String(tag ?? "").toLowerCase().split(/[-_]/)[0];
  return tables[base] ? base : "en";
}

/**
 * Speaks `language` (a table's code). `region` is the system's full tag: when it is a variant of
 * the same language ("fr-CA", "en-GB"), dates and numbers follow its conventions.
 */
/**
 * @param {string} language
 * @param {string | null} [region]
 */
export function setLocale(language, region = null) {
  if (!tables[language]) return;
  locale = region && languageFor(region) === language ? region : language;
  try {
    new Intl.Locale(locale);
  } catch {
    locale = language;
  }
  table = tables[language];
  plurals = new Intl.PluralRules(locale);
  formatters = new Map();
  if (typeof document !== "undefined") document.documentElement.lang = locale;
}

/** A language's name in the current language: "French", « anglais ». */
/** @param {string} code */
export function languageName(code) {
  const name = formatter("names", (l) => new Intl.DisplayNames(l, { type: "language" })).of(code) ?? code;
  return name[0].toLocaleUpperCase(locale) + name.slice(1);
}

/** Whether `key` has a string (to fall back gracefully for field names core may add later). */
/** @param {string} key */
export function has(key) {
  return key in table || key in english;
}

export function currentLocale() {
  return locale;
}

/**
 * The string for `key` with `{param}` placeholders filled; `params.n` picks a plural form.
 * @param {string} key
 * @param {Record<string, unknown>} [params]
 * @returns {string}
 */
export function t(key, params = {}) {
  let entry = table[key] ?? english[key];
  if (entry === undefined) {
    console.warn(`i18n: missing key ${key}`);
    // Also kept on the page, where the end-to-end checks read it even after the page reloaded.
    const page = /** @type {any} */ (globalThis);
    (page.__rapportMissingKeys ??= []).push(key);
    return key;
  }
  if (typeof entry === "object") {
    entry = entry[plurals.select(Number(params.n ?? 0))] ?? entry.other;
  }
  return entry.replace(/\{(\w+)\}/g, (m, name) => (name in params ? formatParam(params[name]) : m));
}

/** @param {unknown} value */
function formatParam(value) {
  return typeof value === "number" ? value.toLocaleString(locale) : String(value);
}

/**
 * Fills the static text of `root` from its data-i18n* attributes.
 * @param {ParentNode} [root]
 */
export function translatePage(root = document) {
  /** @param {string} selector */
  const all = (selector) => /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll(selector));
  for (const el of all("[data-i18n]")) el.textContent = t(el.dataset.i18n ?? "");
  for (const el of all("[data-i18n-placeholder]")) /** @type {HTMLInputElement} */ (el).placeholder = t(el.dataset.i18nPlaceholder ?? "");
  for (const el of all("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle ?? "");
  for (const el of all("[data-i18n-aria-label]")) {
    el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel ?? ""));
  }
}

const relative = () => formatter("relative", (l) => new Intl.RelativeTimeFormat(l, { numeric: "auto" }));

/** @typedef {string | number | Date} When a date as core sends it (RFC 3339), or a Date */

/** "today", "yesterday", "3 days ago", "2 weeks ago", "4 months ago"... */
/**
 * @param {When} when
 * @param {Date} [now]
 */
export function ago(when, now = new Date()) {
  const days = Math.round((startOfDay(now) - startOfDay(new Date(when))) / 86_400_000);
  const rtf = relative();
  if (Math.abs(days) < 14) return rtf.format(-days, "day");
  if (Math.abs(days) < 60) return rtf.format(-Math.round(days / 7), "week");
  if (Math.abs(days) < 365) return rtf.format(-Math.round(days / 30.4), "month");
  return rtf.format(-Math.round(days / 365.25), "year");
}

/** @param {Date} d */
function startOfDay(d) {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** A date and time as people read them: "Thu 20 Nov, 18:30", with the year when it is not this one. */
/**
 * @param {When} when
 * @param {Date} [now]
 */
export function dateTime(when, now = new Date()) {
  const d = new Date(when);
  /** @type {Intl.DateTimeFormatOptions} */
  const opts = { weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit" };
  if (d.getFullYear() !== now.getFullYear()) opts.year = "numeric";
  return formatter(`date:${JSON.stringify(opts)}`, (l) => new Intl.DateTimeFormat(l, opts)).format(d);
}

/** @param {When} when */
export function date(when) {
  return formatter("day", (l) => new Intl.DateTimeFormat(l, { day: "numeric", month: "long", year: "numeric" })).format(new Date(when));
}

/** A number with at most `max` decimals, in the locale's digits: 0.25, 18.3, 1,024. */
/**
 * @param {number} value
 * @param {number} [max]
 * @param {number} [min]
 */
export function number(value, max = 0, min = 0) {
  return formatter(`number:${max}:${min}`, (l) => new Intl.NumberFormat(l, { maximumFractionDigits: max, minimumFractionDigits: min })).format(value);
}

/** A share (0–1) as a whole percentage: "62%". */
/** @param {number} share */
export function percent(share) {
  return formatter("percent", (l) => new Intl.NumberFormat(l, { style: "percent", maximumFractionDigits: 0 })).format(share);
}

/** A change with its sign and one decimal, with a true minus sign: "+1.8", "−0.9", "±0". */
/**
 * @param {number} value
 * @param {number} [digits]
 */
export function signed(value, digits = 1) {
  const rounded = Number(value.toFixed(digits));
  if (rounded === 0) return "±0";
  return `${rounded > 0 ? "+" : "−"}${number(Math.abs(rounded), digits, digits)}`;
}

/** A length of time given in days, in the largest unit that reads well: "40 minutes", "3 days", "5 months". */
/** @param {number} days */
export function span(days) {
  const d = Math.max(0, days);
  /** @param {string} key @param {number} n */
  const unit = (key, n) => t(`unit.${key}`, { n: Math.max(1, Math.round(n)) });
  if (d < 1 / 24) return unit("minutes", d * 1440);
  if (d < 1) return unit("hours", d * 24);
  if (d < 14) return unit("days", d);
  if (d < 60) return unit("weeks", d / 7);
  if (d < 730) return unit("months", d / 30.44);
  return unit("years", d / 365.25);
}

/** "Ana, Bob and Chloé" */
/** @param {string[]} items */
export function list(items) {
  return formatter("list", (l) => new Intl.ListFormat(l, { style: "long", type: "conjunction" })).format(items);
}
