// Checks for the numbers and addresses people copy from letters, cards and banking apps: AHV
// number, IBAN, Swiss postcode, phone number, e-mail address. Each forgives what people add
// around the real value (spaces, no-break spaces from PDFs, the usual separators, lower case)
// and either hands back one normalised spelling or says what is wrong.
//
// error is the last part of a catalog key; the caller prefixes it ("error.iban." + error).
// Every validator can answer "required" (nothing but white space was given) and "format"
// (characters or structure that cannot be right). Beyond that:
//   check_ahv             length, prefix (not 756), checksum
//   check_iban            country (not in the IBAN registry), length (wrong for that country),
//                         checksum
//   check_swiss_postcode  length, range (starts with 0)
//   check_phone           length, country (national number and a default_country we cannot dial)
//   check_email           length (local part > 64 or address > 254 bytes), ascii (letters like ë
//                         before the @), domain (after the @)
#pragma once
#include "core/form.h"  // Pattern

#include <string>

namespace anl {

struct Checked {
    bool ok = false;
    std::string value;  // normalised when ok, empty otherwise
    std::string error;  // empty when ok
};

// 13 digits starting with 756 (the ISO number of Switzerland), the last an EAN-13 check digit.
// Accepts dots, spaces and hyphens anywhere; returns "756.1234.5678.97". The 11-digit numbers
// used before 2008 are refused ("length"): they no longer identify anyone.
Checked check_ahv(const std::string& text);

// ISO 13616: registry length per country and the ISO 7064 mod-97 check. Accepts lower case,
// spaces and hyphens, and a leading "IBAN" as printed on bills; returns groups of four,
// "CH93 0076 2011 6238 5295 7". For CH and LI the bank number (five digits) is checked too.
// QR-IBANs (bank number 30000-31999) pass: they are valid IBANs, even if useless for payouts.
Checked check_iban(const std::string& text);

// Four digits, 1000-9999. Accepts a leading "CH-" as on envelopes; returns "8001".
Checked check_swiss_postcode(const std::string& text);

// Returns E.164, "+41441234567". Accepts spaces and - / . ( ), "+41", "0041" and "+41 (0)44".
// Swiss numbers must have nine digits after the 0 or after +41. Other countries' numbers must
// come with + or 00 and have 8 to 15 digits in all, country code included. A number without
// either is read as national for default_country: CH, LI, DE, AT, FR and IT are known.
Checked check_phone(const std::string& text, const std::string& default_country = "CH");

// Pragmatic, not RFC 5322: one @, a local part of 1-64 ASCII characters (letters, digits and
// !#$%&'*+/=?^_`{|}~- with single inner dots; no quoted strings), a domain of at least two
// labels of letters, digits and inner hyphens; labels may hold non-ASCII letters (IDN, e.g.
// "müller.ch"), the last label is not all digits. No white space inside. Returns the address
// with the domain lower-cased (ASCII and Latin-1 letters); the local part keeps its case,
// which the receiving server may treat as meaningful.
//
// Decision: non-ASCII before the @ ("zoë@example.ch") is refused with "ascii". Such addresses
// (RFC 6531) exist but few mail systems deliver to them, and far more often they are a name
// typed as it is spoken rather than as the mailbox is spelled; an office whose reply bounces
// loses the applicant, so we ask for the address exactly as the provider shows it.
Checked check_email(const std::string& text);

// The check a text question's pattern names; Pattern::None accepts the text as it is.
Checked check_pattern(Pattern pattern, const std::string& text);

} // namespace anl
