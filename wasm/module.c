/* The module has no code of its own: paperfeed.h is its interface (exports.txt lists what is exported). */
