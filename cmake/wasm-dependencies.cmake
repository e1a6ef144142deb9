# The dependencies of the core for the WebAssembly build, compiled from the sources that
# scripts/wasm-sources unpacks into third_party/ (the same upstream versions the native build
# links from Debian's packages). Defines the targets core/CMakeLists.txt links natively.

set(PAPERFEED_THIRD_PARTY_DIR ${PROJECT_SOURCE_DIR}/third_party CACHE PATH
    "Where scripts/wasm-sources unpacked the dependencies' sources")
set(third_party ${PAPERFEED_THIRD_PARTY_DIR})
if(NOT EXISTS ${third_party}/snowball/libstemmer/libstemmer_english_utf8.c)
  message(FATAL_ERROR "the wasm build needs the dependencies' sources: run scripts/wasm-sources")
endif()

add_library(wasm_simdjson STATIC ${third_party}/simdjson/singleheader/simdjson.cpp)
target_include_directories(wasm_simdjson SYSTEM PUBLIC ${third_party}/simdjson/singleheader)
target_compile_definitions(wasm_simdjson PUBLIC SIMDJSON_EXCEPTIONS=0)
target_compile_options(wasm_simdjson PRIVATE -fno-exceptions)
add_library(simdjson::simdjson ALIAS wasm_simdjson)

add_library(wasm_pugixml STATIC ${third_party}/pugixml/src/pugixml.cpp)
target_include_directories(wasm_pugixml SYSTEM PUBLIC ${third_party}/pugixml/src)
target_compile_definitions(wasm_pugixml PUBLIC PUGIXML_NO_EXCEPTIONS)
target_compile_options(wasm_pugixml PRIVATE -fno-exceptions -Oz)
add_library(pugixml::pugixml ALIAS wasm_pugixml)

add_library(wasm_utf8proc STATIC ${third_party}/utf8proc/utf8proc.c)
target_include_directories(wasm_utf8proc SYSTEM PUBLIC ${third_party}/utf8proc)
target_compile_definitions(wasm_utf8proc PUBLIC UTF8PROC_STATIC)
add_library(PkgConfig::UTF8PROC ALIAS wasm_utf8proc)

# Snowball: the English stemmers (english, porter) with their UTF-8 module table; the other
# languages would more than double the module (see scripts/wasm-sources).
add_library(wasm_stemmer STATIC
  ${third_party}/snowball/libstemmer/libstemmer_english_utf8.c
  ${third_party}/snowball/runtime/api.c
  ${third_party}/snowball/runtime/utilities.c
  ${third_party}/snowball/src_c/stem_UTF_8_english.c
  ${third_party}/snowball/src_c/stem_UTF_8_porter.c)
target_include_directories(wasm_stemmer SYSTEM PUBLIC ${third_party}/snowball/include)
add_library(Snowball::stemmer ALIAS wasm_stemmer)

# nlohmann/json is header-only: its headers through a folder of their own, never the whole
# system include directory (which would put glibc's headers before Emscripten's).
find_path(NLOHMANN_JSON_DIR nlohmann/json.hpp PATHS /usr/include NO_CMAKE_FIND_ROOT_PATH REQUIRED)
set(nlohmann_include ${CMAKE_BINARY_DIR}/nlohmann-include)
file(MAKE_DIRECTORY ${nlohmann_include})
file(CREATE_LINK ${NLOHMANN_JSON_DIR}/nlohmann ${nlohmann_include}/nlohmann SYMBOLIC)
add_library(wasm_nlohmann_json INTERFACE)
target_include_directories(wasm_nlohmann_json SYSTEM INTERFACE ${nlohmann_include})
add_library(nlohmann_json::nlohmann_json ALIAS wasm_nlohmann_json)
