// Minimal Eleventy site for bench/run: story pages plus a front page.
// bench/run passes --input (the corpus's eleventy/src) and --output, and sets
// BENCH_NODE_MODULES to the pinned install in bench/work/tools/node.
const path = require("node:path");
const footnote = require(path.join(process.env.BENCH_NODE_MODULES, "markdown-it-footnote"));

module.exports = function (eleventyConfig) {
  // Footnotes, as the other tools render them; tables are on by default.
  eleventyConfig.amendLibrary("md", (md) => md.use(footnote));

  // The n newest stories other than the one at `url`: the collection is
  // sorted oldest first, so walk it from the end.
  eleventyConfig.addFilter("moreFrom", (stories, url, n) => {
    const out = [];
    for (let i = stories.length - 1; i >= 0 && out.length < n; i--) {
      if (stories[i].url !== url) out.push(stories[i]);
    }
    return out;
  });

  return {
    dir: { includes: "_includes" },
    // Story bodies are plain Markdown: don't run them through Liquid first.
    markdownTemplateEngine: false,
    htmlTemplateEngine: "njk",
  };
};
