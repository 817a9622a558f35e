// Directory data for src/stories/: every story joins collections.story,
// uses the story layout and is written to /<slug>/index.html.
module.exports = {
  tags: "story",
  layout: "story.njk",
  eleventyComputed: {
    permalink: (data) => `/${data.slug}/`,
  },
};
