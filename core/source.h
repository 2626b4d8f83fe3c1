/*
 * source.h - input files and locations in them.
 *
 * A source file is read whole into the arena so diagnostics can quote any
 * line of it later.  Lines and columns are 1-based; columns count bytes,
 * as gcc does.  A location is a range inside one file.
 */
#ifndef FIRELINT_SOURCE_H
#define FIRELINT_SOURCE_H

#include <stddef.h>
#include <stdint.h>

struct arena;

struct source_file {
	const char	*path;		/* as given by the user */
	/*
	 * A copy of the bytes followed by two NUL bytes, so that a flex
	 * scanner can scan it in place (yy_scan_buffer) without a second
	 * copy of a large file.
	 */
	const char	*text;
	size_t		 len;
	uint32_t	*line_starts;	/* offset of each line; [0] == 0 */
	uint32_t	 nlines;
};

struct loc {
	const struct source_file *file;	/* NULL: no location */
	uint32_t	 line, col;		/* first byte */
	uint32_t	 end_line, end_col;	/* last byte, inclusive */
};

/* Read a file; NULL with errno set when it cannot be read. */
struct source_file *source_read(struct arena *, const char *path);
/* An in-memory file (tests, stdin); text is copied. */
struct source_file *source_from_memory(struct arena *, const char *path,
		    const char *text, size_t len);
/*
 * Line n (1-based) without its end-of-line bytes ("\n" or "\r\n");
 * NULL when n is out of range.
 */
const char	*source_line(const struct source_file *, uint32_t n,
		    size_t *len);
/* The location of bytes [off, off+len) of the file. */
struct loc	 source_loc(const struct source_file *, size_t off, size_t len);

#endif
