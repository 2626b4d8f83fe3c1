/*
 * fwb.c - the Firewall Builder front end: detection, safe XML reading and
 * the parse driver.
 *
 * A .fwb file is someone else's XML, so reading it must not be able to
 * read other files or reach the network (DESIGN.md section 1).  libxml2 is
 * asked for exactly that: XML_PARSE_NONET, never XML_PARSE_NOENT (no entity
 * substitution), no DTD loading or validation, and its entity amplification
 * limits left on (no XML_PARSE_HUGE).  On top of that, three SAX hooks
 * refuse what a firewall database never contains, so that the refusal
 * does not depend on the libxml2 version: an external entity declaration,
 * a DOCTYPE naming a DTD by URL, and internal entities whose expansion
 * would be large (the "billion laughs").  fwbuilder's own files declare
 * no entities and name their DTD as the relative "fwbuilder.dtd", which is
 * accepted and never loaded.
 *
 * Errors reach us through the parser context's own structured handler
 * (ctxt->sax->serror), not xmlSetStructuredErrorFunc: that one is global
 * state and two files parsed at once in one process would mix their
 * diagnostics.
 */
#include "config.h"

#include <glob.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "core/model.h"
#include "core/source.h"
#include "parser/fwb/fwb.h"
#include "parser/fwb/fwb_int.h"

/*
 * Entities: fwbuilder never declares any, so a generous bound on what a
 * declared entity may expand to costs nothing and stops an entity bomb at
 * its declaration, before anything asks for an attribute's value.
 */
#define FWB_ENTITY_MAX_BYTES	(64 * 1024)
#define FWB_ENTITY_MAX_COUNT	64
#define FWB_MAX_XML_ERRORS	20

struct fwb_xml_state {
	struct arena	*arena;
	struct diag_list *diags;
	const struct source_file *src;
	bool		 refused;
	unsigned	 nerrors;
	size_t		 nents;
	struct {
		char	 name[64];
		size_t	 size;
	}		 ents[FWB_ENTITY_MAX_COUNT];
};

static int
fwb_detect(const struct source_file *src)
{
	const char *s = src->text;
	size_t len = src->len;

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		len -= 3;
	}
	while (len > 0 && (*s == ' ' || *s == '\t' || *s == '\r' ||
	    *s == '\n')) {
		s++;
		len--;
	}
	if ((len >= 5 && memcmp(s, "<?xml", 5) == 0) ||
	    (len >= 17 && memcmp(s, "<FWObjectDatabase", 17) == 0))
		return 100;
	return 0;
}

/* A location at line:col of src, clamped into the file. */
static struct loc
xml_loc(const struct source_file *src, long line, long col)
{
	struct loc l = { 0 };
	size_t len = 0;

	if (src == NULL)
		return l;
	if (line < 1)
		line = 1;
	if (src->nlines > 0 && (unsigned long)line > src->nlines)
		line = src->nlines;
	if (source_line(src, (uint32_t)line, &len) == NULL)
		len = 0;
	if (col < 1)
		col = 1;
	if (len > 0 && (size_t)col > len)
		col = (long)len;
	l.file = src;
	l.line = l.end_line = (uint32_t)line;
	l.col = l.end_col = (uint32_t)col;
	return l;
}

static struct loc
ctxt_loc(xmlParserCtxtPtr ctxt, const struct source_file *src)
{
	if (ctxt->input == NULL)
		return xml_loc(src, 1, 1);
	return xml_loc(src, ctxt->input->line, ctxt->input->col);
}

static void
refuse(xmlParserCtxtPtr ctxt, const char *fmt, const char *what)
{
	struct fwb_xml_state *st = ctxt->_private;

	if (!st->refused)
		diag_emit(st->diags, DIAG_ERROR, "unsafe-xml",
		    ctxt_loc(ctxt, st->src), fmt, what);
	st->refused = true;
	xmlStopParser(ctxt);
}

static void
on_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = data;
	struct fwb_xml_state *st;
	char *msg;
	size_t n;

	if (ctxt == NULL || e == NULL || (st = ctxt->_private) == NULL)
		return;
	/* After a refusal only its own message matters. */
	if (st->refused)
		return;
	msg = arena_strdup(st->arena, e->message != NULL ? e->message :
	    "malformed XML");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	if (e->level == XML_ERR_WARNING) {
		diag_emit(st->diags, DIAG_WARNING, "xml",
		    xml_loc(st->src, e->line, e->int2), "%s", msg);
		return;
	}
	if (st->nerrors++ >= FWB_MAX_XML_ERRORS)
		return;
	diag_emit(st->diags, DIAG_ERROR, "syntax",
	    xml_loc(st->src, e->line, e->int2), "%s", msg);
}

/* A system identifier with a URL scheme: "http://", "file:", ... */
static bool
has_scheme(const xmlChar *uri)
{
	const char *s = (const char *)uri, *p = s;

	if (s == NULL)
		return false;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= '0' && *p <= '9' && p > s) || *p == '+' || *p == '-' ||
	    *p == '.')
		p++;
	return *p == ':' && p - s >= 2;
}

static void
on_internal_subset(void *ctx, const xmlChar *name, const xmlChar *extid,
    const xmlChar *sysid)
{
	xmlParserCtxtPtr ctxt = ctx;

	if (has_scheme(sysid)) {
		refuse(ctxt, "DOCTYPE names the DTD \"%s\": refused, a "
		    "firewall database must not make its reader load a DTD "
		    "from another file or the network", (const char *)sysid);
		return;
	}
	xmlSAX2InternalSubset(ctx, name, extid, sysid);
}

/* The size an entity value expands to, entities within it included. */
static size_t
entity_size(struct fwb_xml_state *st, const char *s)
{
	size_t size = 0;

	while (*s != '\0') {
		const char *semi;
		size_t i, len;

		if (*s != '&' || s[1] == '#' ||
		    (semi = strchr(s + 1, ';')) == NULL) {
			size++;
			s++;
			continue;
		}
		len = (size_t)(semi - s - 1);
		for (i = 0; i < st->nents; i++)
			if (strlen(st->ents[i].name) == len &&
			    memcmp(st->ents[i].name, s + 1, len) == 0)
				break;
		size += i < st->nents ? st->ents[i].size : len + 2;
		if (size > FWB_ENTITY_MAX_BYTES)
			return size;
		s = semi + 1;
	}
	return size;
}

static void
on_entity_decl(void *ctx, const xmlChar *name, int type,
    const xmlChar *pubid, const xmlChar *sysid, xmlChar *content)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct fwb_xml_state *st = ctxt->_private;
	size_t size;

	if (type != XML_INTERNAL_GENERAL_ENTITY &&
	    type != XML_INTERNAL_PARAMETER_ENTITY &&
	    type != XML_INTERNAL_PREDEFINED_ENTITY) {
		refuse(ctxt, "external entity \"%s\": refused, a firewall "
		    "database must not make its reader open another file or "
		    "reach the network", (const char *)name);
		return;
	}
	if (st->nents == FWB_ENTITY_MAX_COUNT) {
		refuse(ctxt, "too many entity declarations (entity \"%s\"): "
		    "refused as a possible entity bomb", (const char *)name);
		return;
	}
	size = entity_size(st, content != NULL ? (const char *)content : "");
	if (size > FWB_ENTITY_MAX_BYTES) {
		refuse(ctxt, "entity \"%s\" would expand beyond 64 KiB: "
		    "refused as an entity bomb", (const char *)name);
		return;
	}
	snprintf(st->ents[st->nents].name, sizeof(st->ents[0].name), "%s",
	    (const char *)name);
	st->ents[st->nents++].size = size;
	xmlSAX2EntityDecl(ctx, name, type, pubid, sysid, content);
}

/* Nothing outside the file is ever opened, whatever asks for it. */
static xmlParserInputPtr
on_resolve_entity(void *ctx, const xmlChar *pubid, const xmlChar *sysid)
{
	(void)pubid;
	refuse(ctx, "reference to the external resource \"%s\": refused, a "
	    "firewall database must not make its reader open another file "
	    "or reach the network", sysid != NULL ? (const char *)sysid : "?");
	return NULL;
}

static void
on_unparsed_entity_decl(void *ctx, const xmlChar *name, const xmlChar *pubid,
    const xmlChar *sysid, const xmlChar *notation)
{
	(void)pubid;
	(void)sysid;
	(void)notation;
	refuse(ctx, "external entity \"%s\": refused, a firewall database "
	    "must not make its reader open another file or reach the "
	    "network", (const char *)name);
}

int
fwb_xml_read(struct fwb_xml *x, const struct source_file *src,
    struct arena *a, struct diag_list *diags)
{
	struct fwb_xml_state *st = arena_zalloc(a, sizeof(*st));
	xmlParserCtxtPtr ctxt;
	int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES;

	x->src = src;
	x->doc = NULL;
	st->arena = a;
	st->diags = diags;
	st->src = src;
	xmlInitParser();
	if (src->len > (size_t)INT32_MAX) {
		diag_emit(diags, DIAG_ERROR, "syntax", xml_loc(src, 1, 1),
		    "file too large for an XML object database");
		return -1;
	}
	/*
	 * xmlCreateMemoryParserCtxt, not xmlCtxtReadMemory: the latter
	 * resets the context and with it the hooks and _private set here.
	 */
	ctxt = xmlCreateMemoryParserCtxt(src->text, (int)src->len);
	if (ctxt == NULL) {
		diag_emit(diags, DIAG_ERROR, "syntax", xml_loc(src, 1, 1),
		    "cannot start the XML parser");
		return -1;
	}
	xmlCtxtUseOptions(ctxt, options);
	ctxt->_private = st;
	ctxt->sax->serror = on_error;
	ctxt->sax->internalSubset = on_internal_subset;
	ctxt->sax->entityDecl = on_entity_decl;
	ctxt->sax->unparsedEntityDecl = on_unparsed_entity_decl;
	ctxt->sax->resolveEntity = on_resolve_entity;
	/* Belt and braces: the options above already say so. */
	ctxt->loadsubset = 0;
	ctxt->validate = 0;
	ctxt->replaceEntities = 0;
	xmlParseDocument(ctxt);
	if (!ctxt->wellFormed || st->refused || st->nerrors > 0) {
		if (!st->refused && st->nerrors == 0)
			diag_emit(diags, DIAG_ERROR, "syntax",
			    ctxt_loc(ctxt, src), "malformed XML");
		if (ctxt->myDoc != NULL)
			xmlFreeDoc(ctxt->myDoc);
		ctxt->myDoc = NULL;
		xmlFreeParserCtxt(ctxt);
		return -1;
	}
	x->doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	xmlFreeParserCtxt(ctxt);
	return 0;
}

void
fwb_xml_free(struct fwb_xml *x)
{
	if (x->doc != NULL)
		xmlFreeDoc(x->doc);
	x->doc = NULL;
}

const char *
fwb_attr(struct fwb_ctx *c, xmlNodePtr n, const char *name)
{
	xmlAttrPtr p;

	if (n == NULL || n->type != XML_ELEMENT_NODE)
		return NULL;
	for (p = n->properties; p != NULL; p = p->next) {
		xmlChar *v;
		char *s;

		if (strcmp((const char *)p->name, name) != 0)
			continue;
		if (p->children == NULL)
			return "";
		if (p->children->type == XML_TEXT_NODE &&
		    p->children->next == NULL)
			return (const char *)p->children->content;
		/* Character references and the like: expanded once. */
		v = xmlNodeListGetString(n->doc, p->children, 1);
		s = arena_strdup(c->arena, v != NULL ? (const char *)v : "");
		xmlFree(v);
		return s;
	}
	return NULL;
}

bool
fwb_attr_true(struct fwb_ctx *c, xmlNodePtr n, const char *name)
{
	const char *v = fwb_attr(c, n, name);

	return v != NULL && (strcmp(v, "True") == 0 ||
	    strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

xmlNodePtr
fwb_next(xmlNodePtr n)
{
	for (n = n != NULL ? n->next : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return n;
	return NULL;
}

xmlNodePtr
fwb_child(xmlNodePtr n)
{
	if (n == NULL || (n = n->children) == NULL)
		return NULL;
	return n->type == XML_ELEMENT_NODE ? n : fwb_next(n);
}

bool
fwb_is(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

/*
 * libxml2 keeps a line per node but no column: the location is the whole
 * line of the element's start tag.
 */
struct loc
fwb_loc(struct fwb_ctx *c, xmlNodePtr n)
{
	const struct source_file *src;
	struct loc l;
	size_t len = 0;
	long line;

	if (n == NULL)
		return (struct loc){ 0 };
	src = c->lib.doc != NULL && n->doc == c->lib.doc ? c->lib.src :
	    c->main.src;
	line = xmlGetLineNo(n);
	l = xml_loc(src, line, 1);
	if (source_line(src, l.line, &len) != NULL && len > 0)
		l.end_col = (uint32_t)len;
	return l;
}

const char *
fwb_text(struct fwb_ctx *c, xmlNodePtr n)
{
	xmlChar *v = xmlNodeGetContent(n);
	const char *s = NULL;

	if (v != NULL && *v != '\0')
		s = arena_strdup(c->arena, (const char *)v);
	xmlFree(v);
	return s;
}

/*
 * The Standard library, read on the first reference the file cannot
 * resolve itself.  Problems with it are warnings: the references stay
 * undefined, which the undefined-reference check reports.
 */
static void
load_library(struct fwb_ctx *c, struct loc ref)
{
	const char *path = getenv(FWB_LIBRARY_ENV);
	struct diag_list tmp;
	struct source_file *src;
	glob_t g;
	char *chosen = NULL;

	c->lib_tried = true;
	if (path == NULL) {
		if (glob("/usr/share/fwbuilder*/objects_init.xml", 0, NULL,
		    &g) == 0 && g.gl_pathc > 0)
			chosen = arena_strdup(c->arena,
			    g.gl_pathv[g.gl_pathc - 1]);
		globfree(&g);
		path = chosen;
	}
	if (path == NULL || *path == '\0')
		return;
	if ((src = source_read(c->arena, path)) == NULL) {
		diag_once(c->diags, DIAG_WARNING, "fwb-library", path, ref,
		    "cannot read the fwbuilder library %s named by %s",
		    path, FWB_LIBRARY_ENV);
		return;
	}
	diag_list_init(&tmp, c->arena);
	if (fwb_xml_read(&c->lib, src, c->arena, &tmp) != 0) {
		diag_once(c->diags, DIAG_WARNING, "fwb-library", path, ref,
		    "the fwbuilder library %s is not usable: %s", path,
		    tmp.head != NULL ? tmp.head->message : "?");
		return;
	}
	fwb_index_doc(c, xmlDocGetRootElement(c->lib.doc), true);
}

xmlNodePtr
fwb_lookup(struct fwb_ctx *c, const char *id, struct loc ref)
{
	xmlNodePtr n = fwb_lookup_local(c, id);

	if (n == NULL && !c->lib_tried) {
		load_library(c, ref);
		n = fwb_lookup_local(c, id);
	}
	return n;
}

static struct policy *
fwb_parse(struct arena *a, struct intern *strings,
    const struct source_file *src, struct diag_list *diags)
{
	struct fwb_ctx c = { 0 };
	xmlNodePtr root;
	struct policy *p;

	c.arena = a;
	c.strings = strings;
	c.diags = diags;
	if (fwb_xml_read(&c.main, src, a, diags) != 0)
		return NULL;
	root = xmlDocGetRootElement(c.main.doc);
	if (!fwb_is(root, "FWObjectDatabase")) {
		diag_emit(diags, DIAG_ERROR, "syntax", fwb_loc(&c, root),
		    "not a Firewall Builder object database: the root "
		    "element is <%s>, not <FWObjectDatabase>",
		    root != NULL ? (const char *)root->name : "");
		fwb_xml_free(&c.main);
		return NULL;
	}
	p = c.policy = policy_new(a, strings, "fwb", src);
	p->family = FAMILY_ANY;
	fwb_index_doc(&c, root, false);
	fwb_read_firewalls(&c, root);
	fwb_xml_free(&c.main);
	fwb_xml_free(&c.lib);
	if (c.errors > 0)
		return NULL;
	policy_finish(p);
	return p;
}

const struct frontend fwb_frontend = {
	.name = "fwb",
	.description = "Firewall Builder object database (.fwb XML)",
	.detect = fwb_detect,
	.parse = fwb_parse,
};
