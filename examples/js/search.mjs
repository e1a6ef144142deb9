// The JS API in Node: read a feed, search it, print the best hits. From the repository, after
// scripts/demo or scripts/test: node examples/js/search.mjs [FEED] [QUERY]
import { readFileSync } from "node:fs";
import { PaperFeed } from "../../build/wasm/paperfeed.mjs";

const [feed = "examples/data/hf-papers-page.txt", query = "diffusion video -survey"] = process.argv.slice(2);
const pf = await PaperFeed.load();
const report = pf.addFeed(readFileSync(feed), { name: feed });
const { total, hits } = pf.search(query, { limit: 3 });
console.log(`${report.added} papers read, ${total} match ${query}`);
for (const hit of hits) console.log(`${hit.id}  ${hit.title}`);
pf.free();
