/*
 * fwb_int.h - internals of the Firewall Builder front end, shared by
 * fwb.c (safe XML reading, the parse driver), fwb_obj.c (objects by id)
 * and fwb_rule.c (firewalls, rule sets, rules).
 */
#ifndef FIRELINT_PARSER_FWB_INT_H
#define FIRELINT_PARSER_FWB_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "core/model.h"

struct arena;
struct diag_list;
struct intern;
struct source_file;

/*
 * Environment variable naming fwbuilder's Standard library
 * (objects_init.xml); empty disables the lookup.  Unset: the newest
 * /usr/share/fwbuilder*\/objects_init.xml when one exists.
 */
#define FWB_LIBRARY_ENV	"FIRELINT_FWB_LIBRARY"

/* One XML document read safely; doc is NULL when it was refused. */
struct fwb_xml {
	const struct source_file *src;
	xmlDocPtr	 doc;
};

/*
 * Read src with libxml2 without ever reaching another file or the
 * network; every problem becomes a diagnostic.  0, or -1 with at least one
 * error in the list.
 */
int		 fwb_xml_read(struct fwb_xml *, const struct source_file *,
		    struct arena *, struct diag_list *);
void		 fwb_xml_free(struct fwb_xml *);

/* What an address object stands for, per family. */
struct fwb_addr {
	const struct ivset *v4, *v6;	/* never NULL once resolved */
	bool		 any;		/* AnyNetwork: no constraint */
	const char	*opaque;	/* why it cannot be a set, or NULL */
};

/* One service as a box: NULL fields are unconstrained. */
struct fwb_svc {
	const struct ivset *proto, *sport, *dport, *icmp, *tcpflags;
	enum family	 family;	/* ICMPv6 services: IPv6 only */
	const char	*opaque;	/* custom, tag, user, IP options */
	const char	*text;		/* "tcp/22" for readable rule text */
};

struct fwb_entry;		/* private to fwb_obj.c: one id */

struct fwb_ctx {
	struct arena	*arena;
	struct intern	*strings;
	struct diag_list *diags;
	struct policy	*policy;
	struct fwb_xml	 main, lib;
	bool		 lib_tried;
	/* id -> entry, open addressing */
	struct fwb_entry **ids;
	size_t		 nids, capids;
	unsigned	 errors;
};

/* Attribute value (NULL when absent); valid while the document lives. */
const char	*fwb_attr(struct fwb_ctx *, xmlNodePtr, const char *name);
bool		 fwb_attr_true(struct fwb_ctx *, xmlNodePtr, const char *);
/* The first element child, the next element sibling. */
xmlNodePtr	 fwb_child(xmlNodePtr);
xmlNodePtr	 fwb_next(xmlNodePtr);
bool		 fwb_is(xmlNodePtr, const char *name);
struct loc	 fwb_loc(struct fwb_ctx *, xmlNodePtr);
/* Arena copy of an element's text content, or NULL when empty. */
const char	*fwb_text(struct fwb_ctx *, xmlNodePtr);

/* fwb_obj.c */
void		 fwb_index_doc(struct fwb_ctx *, xmlNodePtr root, bool lib);
/*
 * The element with this id, loading the Standard library on demand (ref:
 * where it is needed, for a warning about the library); local: this
 * file's and the library's ids only.
 */
xmlNodePtr	 fwb_lookup(struct fwb_ctx *, const char *id, struct loc ref);
xmlNodePtr	 fwb_lookup_local(struct fwb_ctx *, const char *id);
/*
 * The model object of a referenced id (created on first use; undefined
 * when the id is nowhere), its address or service meaning, and the
 * interface names it stands for in an Itf element.
 */
struct object	*fwb_object(struct fwb_ctx *, const char *id, struct loc ref,
		    enum object_kind);
const struct fwb_addr *fwb_addr_of(struct fwb_ctx *, const char *id,
		    struct loc ref);
/* n services in *out (arena); returns n. */
size_t		 fwb_svc_of(struct fwb_ctx *, const char *id, struct loc ref,
		    const struct fwb_svc **out);
/* Interface names in *out, or -1 with *why when it is not interfaces. */
int		 fwb_ifnames_of(struct fwb_ctx *, const char *id,
		    struct loc ref, const char ***out, size_t *n,
		    const char **why);
bool		 fwb_is_any(struct fwb_ctx *, const char *id, struct loc ref);

/* fwb_rule.c */
void		 fwb_read_firewalls(struct fwb_ctx *, xmlNodePtr root);

#endif
