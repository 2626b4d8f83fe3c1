/*
 * json.h - the JSON writer and the string escaping other JSON output
 * (`firelint checks -o json`) shares with it.
 */
#ifndef FIRELINT_FORMATS_JSON_H
#define FIRELINT_FORMATS_JSON_H

#include <stddef.h>
#include <stdio.h>

struct arena;
struct packet;
struct writer;

extern const struct writer json_writer;

/*
 * s as a JSON string with its quotes; NULL gives null.  Control characters
 * become \uXXXX escapes (or \n, \t, ...), and bytes that are not valid
 * UTF-8 become U+FFFD, so any input gives valid JSON.
 */
void	json_string(FILE *, const char *s);
/* Length of the valid UTF-8 sequence starting at s, or 0 if invalid. */
size_t	json_utf8_len(const unsigned char *s);

/*
 * A packet as the JSON "witness" object (DESIGN.md section 4), its
 * members indented at level + 1 (two spaces each); no trailing newline.
 */
void	json_witness(FILE *, int level, struct arena *, const struct packet *);

#endif
