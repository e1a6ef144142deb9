#include <catch2/catch.hpp>

#include "paperfeed/detect.hpp"

using namespace paperfeed;

namespace {

std::optional<Format> format_of(std::string_view text) { return detect_format(text).format; }

}  // namespace

TEST_CASE("detect: JSON feeds are told apart by the keys of their records", "[detect]") {
  CHECK(format_of(R"([{"paper":{"id":"2401.00001","title":"t","summary":"s"}}])") == Format::hf_daily);
  CHECK(format_of(R"([{"paper":{"id":"1","upvotes":3},"numComments":1}])") == Format::hf_daily);
  CHECK(format_of(R"({"id":"2401.00001","authors":[],"upvotes":3,"summary":"s"})") == Format::hf_daily);
  CHECK(format_of(R"({"paperId":"abc","externalIds":{"DOI":"10.1/x"},"title":"t"})") == Format::s2);
  CHECK(format_of(R"({"total":1,"offset":0,"data":[{"paperId":"abc","title":"t"}]})") == Format::s2);
  CHECK(format_of(R"({"authorId":"1","name":"A","papers":[{"paperId":"p"}]})") == Format::s2);
  CHECK(format_of(R"({"count":1,"next":null,"results":[{"id":"x","arxiv_id":"1406.2661","title":"t"}]})") ==
        Format::pwc);
  CHECK(format_of(R"({"count":0,"next":null,"previous":null,"results":[]})") == Format::pwc);
  CHECK(format_of(R"([{"id":"0704.0001","submitter":"A","authors":"A and B","versions":[]}])") == Format::arxiv_oai);
  CHECK(format_of("{\"id\":\"2503.1\",\"categories\":[\"cs.CV\"],\"pdf\":\"p\",\"abs\":\"a\",\"authors\":[\"A\"],"
                  "\"title\":\"t\",\"comment\":null,\"summary\":\"s\"}\n{\"id\":\"2\"}\n") == Format::daily_arxiv);
  // paperfeed's own records carry Hugging Face keys too; their own keys decide.
  CHECK(format_of(R"({"id":"2401.00001","title":"t","upvotes":3,"primary_category":null,"sources":["hf-daily"]})") ==
        Format::paperfeed);
}

TEST_CASE("detect: lists that are not papers are not feeds", "[detect]") {
  const Detection methods = detect_format(R"({"count":2,"next":null,"results":[{"id":"gan","name":"GAN"}]})");
  CHECK(!methods.format);
  CHECK(methods.looked_like == "a Papers with Code API list of non-papers (keys id, name)");
  const Detection strings = detect_format(R"(["a","b"])");
  CHECK(!strings.format);
  CHECK(strings.looked_like == "a JSON array of strings");
  CHECK(detect_format(" { \n} ").looked_like == "an empty JSON object");
  CHECK(detect_format("{not json").looked_like == "a JSON object with no readable key");
  CHECK(!format_of(R"({"release_id":"2023-01-01","datasets":[]})"));
}

TEST_CASE("detect: the archiver's Python repr() dumps go to the parser that explains them", "[detect]") {
  CHECK(format_of(R"(["{'paper': {'id': '2412.19723', 'hidden': False}}"])") == Format::hf_daily);
  CHECK(format_of(R"({"status":"success","count":1,"data":["{'paper': {'id': '2501.05441'}}"]})") ==
        Format::hf_daily);
}

TEST_CASE("detect: an HTTP recording envelope is recognised", "[detect]") {
  const Detection d = detect_format(R"({"url":"https://export.arxiv.org/api/query","status_code":200,"body":"<feed/>"})");
  CHECK(d.envelope == Envelope::http_record);
}

TEST_CASE("detect: XML feeds by root element and namespace URI", "[detect]") {
  CHECK(format_of(R"(<?xml version="1.0"?><!-- c --><feed xmlns="http://www.w3.org/2005/Atom"><entry/></feed>)") ==
        Format::arxiv_atom);
  CHECK(format_of(R"(<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:id>http://rss.arxiv.org/atom/cs.AI</a:id>)") ==
        Format::arxiv_listing);
  CHECK(format_of(R"(<rss version="2.0"><channel/></rss>)") == Format::arxiv_listing);
  CHECK(format_of(R"(<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords/></OAI-PMH>)") ==
        Format::arxiv_oaipmh);
  const Detection html = detect_format("<!DOCTYPE html><html><body></body></html>");
  CHECK(!html.format);
  CHECK(html.looked_like == "XML with root element <html>");
}

TEST_CASE("detect: text, empty input and UTF-16", "[detect]") {
  CHECK(format_of("Get trending papers in your email inbox!\nSubscribeA Title\n" + std::string(400, 'a') + "\n") ==
        Format::hf_listing);
  CHECK(detect_format("").looked_like == "empty input");
  CHECK(detect_format(" \n\t").looked_like == "only whitespace");
  CHECK(detect_format("hello\nworld\n").looked_like == "plain text");
  CHECK(detect_format("\xEF\xBB\xBF[{\"paper\":{\"id\":\"1\",\"title\":\"t\"}}]").format == Format::hf_daily);
}

TEST_CASE("detect: names quoted from the input are short, printable UTF-8", "[detect]") {
  const Detection keys = detect_format("[{\"bad\xEE\xEE key\":1,\"line\nbreak\":2,\"" + std::string(100, 'k') + "\":3}]");
  CHECK_FALSE(keys.format);
  CHECK(keys.looked_like == "a JSON array with keys bad?? key, " + std::string(40, 'k') + "…, line?break");
  const Detection root = detect_format("<r\xFF\x1B[31m>x</r\xFF\x1B[31m>");
  CHECK(root.looked_like == "XML with root element <r??[31m>");
  const Detection cut = detect_format("<" + std::string(39, 'r') + "\xC3\xA9>x</r>");
  CHECK(cut.looked_like == "XML with root element <" + std::string(39, 'r') + "?…>");
}
