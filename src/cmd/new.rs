//! `broadside new "Title"`: a new story in the content folder, its path
//! printed; never over a file that exists.

use super::Failed;
use crate::cli::NewArgs;
use crate::messages::Console;

pub(crate) fn new(args: &NewArgs, console: Console) -> Result<(), Failed> {
    let story = broadside::new::NewStory {
        title: &args.title,
        draft: args.draft,
    };
    match broadside::new::new_story(&args.content, &story) {
        Ok(path) => {
            console.story_started(&path, args.draft);
            Ok(())
        }
        Err(d) => {
            console.error(&d);
            Err(Failed)
        }
    }
}
