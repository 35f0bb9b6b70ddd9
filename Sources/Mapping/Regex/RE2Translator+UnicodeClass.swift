extension RE2Translator {
    /// What a `\p` name stands for.
    enum UnicodeClass {
        case ranges([ClosedRange<UInt32>])
        /// The union of Swift properties (`gc=Lu`, `sc=Greek`), or its complement when `inverted`.
        case properties([String], inverted: Bool)
    }

    /// The class a `\p` name stands for in Go 1.25 and later, or `nil` when Go refuses the name.
    ///
    /// Names are compared the way Go's `canonicalName` does (case, spaces, `_` and `-` ignored): general
    /// categories (`L`, `Lu`, with Go's `C`, which leaves out unassigned code points) and their long names
    /// (`Letter`, `Uppercase_Letter`), scripts (`Greek`, `Old_Italic`), and `Any`, `Assigned`, `ASCII`, `LC`.
    /// Other Unicode properties (`Alphabetic`, `White_Space`, `Script=Greek`) are refused, as in Go. Membership
    /// comes from Swift's Unicode tables, which may be a newer Unicode version than Go's 15.0.
    static func unicodeClass(named name: String) -> UnicodeClass? {
        Self.unicodeClasses[Self.canonicalName(name)]
    }

    /// Go's `canonicalName`: ASCII letters lowercased except the first, which is uppercased; spaces, `_` and `-`
    /// dropped.
    static func canonicalName(_ name: String) -> String {
        var result = String.UnicodeScalarView()
        var first = true
        for scalar in name.unicodeScalars {
            switch scalar {
            case "_", "-", " ":
                continue
            case "a"..."z" where first:
                result.append(Unicode.Scalar(scalar.value - 32)!)
            case "A"..."Z" where !first:
                result.append(Unicode.Scalar(scalar.value + 32)!)
            default:
                result.append(scalar)
            }
            first = false
        }
        return String(result)
    }

    private static let unicodeClasses: [String: UnicodeClass] = {
        var table: [String: UnicodeClass] = [
            "Any": .ranges([0...0x10FFFF]),
            "Ascii": .ranges([0...0x7F]),
            "Assigned": .properties(["gc=Cn"], inverted: true),
        ]
        // Go's C has no unassigned code points.
        let other = UnicodeClass.properties(["gc=Cc", "gc=Cf", "gc=Co", "gc=Cs"], inverted: false)
        func category(_ name: String) -> UnicodeClass {
            name == "C" ? other : .properties(["gc=\(name)"], inverted: false)
        }
        for name in Self.generalCategories {
            table[Self.canonicalName(name)] = category(name)
        }
        for (alias, name) in Self.generalCategoryAliases {
            table[Self.canonicalName(alias)] = category(name)
        }
        for script in Self.scripts {
            table[Self.canonicalName(script)] = .properties(["sc=\(script)"], inverted: false)
        }
        return table
    }()

    /// Go's `unicode.Categories` keys.
    private static let generalCategories = [
        "C", "Cc", "Cf", "Cn", "Co", "Cs", "L", "LC", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd",
        "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs",
    ]

    /// Go's `unicode.CategoryAliases`: the long names and other aliases of PropertyValueAliases.txt.
    private static let generalCategoryAliases: [String: String] = [
        "Other": "C", "Control": "Cc", "cntrl": "Cc", "Format": "Cf", "Unassigned": "Cn", "Private_Use": "Co",
        "Surrogate": "Cs", "Letter": "L", "Cased_Letter": "LC", "Lowercase_Letter": "Ll", "Modifier_Letter": "Lm",
        "Other_Letter": "Lo", "Titlecase_Letter": "Lt", "Uppercase_Letter": "Lu", "Mark": "M", "Combining_Mark": "M",
        "Spacing_Mark": "Mc", "Enclosing_Mark": "Me", "Nonspacing_Mark": "Mn", "Number": "N", "Decimal_Number": "Nd",
        "digit": "Nd", "Letter_Number": "Nl", "Other_Number": "No", "Punctuation": "P", "punct": "P",
        "Connector_Punctuation": "Pc", "Dash_Punctuation": "Pd", "Close_Punctuation": "Pe",
        "Final_Punctuation": "Pf", "Initial_Punctuation": "Pi", "Other_Punctuation": "Po",
        "Open_Punctuation": "Ps", "Symbol": "S", "Currency_Symbol": "Sc", "Modifier_Symbol": "Sk",
        "Math_Symbol": "Sm", "Other_Symbol": "So", "Separator": "Z", "Line_Separator": "Zl",
        "Paragraph_Separator": "Zp", "Space_Separator": "Zs",
    ]

    /// Go's `unicode.Scripts` keys (Unicode 15.0).
    package static let scripts = [
        "Adlam", "Ahom", "Anatolian_Hieroglyphs", "Arabic", "Armenian", "Avestan", "Balinese", "Bamum",
        "Bassa_Vah", "Batak", "Bengali", "Bhaiksuki", "Bopomofo", "Brahmi", "Braille", "Buginese", "Buhid",
        "Canadian_Aboriginal", "Carian", "Caucasian_Albanian", "Chakma", "Cham", "Cherokee", "Chorasmian",
        "Common", "Coptic", "Cuneiform", "Cypriot", "Cypro_Minoan", "Cyrillic", "Deseret", "Devanagari",
        "Dives_Akuru", "Dogra", "Duployan", "Egyptian_Hieroglyphs", "Elbasan", "Elymaic", "Ethiopic",
        "Georgian", "Glagolitic", "Gothic", "Grantha", "Greek", "Gujarati", "Gunjala_Gondi", "Gurmukhi",
        "Han", "Hangul", "Hanifi_Rohingya", "Hanunoo", "Hatran", "Hebrew", "Hiragana", "Imperial_Aramaic",
        "Inherited", "Inscriptional_Pahlavi", "Inscriptional_Parthian", "Javanese", "Kaithi", "Kannada",
        "Katakana", "Kawi", "Kayah_Li", "Kharoshthi", "Khitan_Small_Script", "Khmer", "Khojki", "Khudawadi",
        "Lao", "Latin", "Lepcha", "Limbu", "Linear_A", "Linear_B", "Lisu", "Lycian", "Lydian", "Mahajani",
        "Makasar", "Malayalam", "Mandaic", "Manichaean", "Marchen", "Masaram_Gondi", "Medefaidrin",
        "Meetei_Mayek", "Mende_Kikakui", "Meroitic_Cursive", "Meroitic_Hieroglyphs", "Miao", "Modi",
        "Mongolian", "Mro", "Multani", "Myanmar", "Nabataean", "Nag_Mundari", "Nandinagari", "New_Tai_Lue",
        "Newa", "Nko", "Nushu", "Nyiakeng_Puachue_Hmong", "Ogham", "Ol_Chiki", "Old_Hungarian",
        "Old_Italic", "Old_North_Arabian", "Old_Permic", "Old_Persian", "Old_Sogdian", "Old_South_Arabian",
        "Old_Turkic", "Old_Uyghur", "Oriya", "Osage", "Osmanya", "Pahawh_Hmong", "Palmyrene", "Pau_Cin_Hau",
        "Phags_Pa", "Phoenician", "Psalter_Pahlavi", "Rejang", "Runic", "Samaritan", "Saurashtra",
        "Sharada", "Shavian", "Siddham", "SignWriting", "Sinhala", "Sogdian", "Sora_Sompeng", "Soyombo",
        "Sundanese", "Syloti_Nagri", "Syriac", "Tagalog", "Tagbanwa", "Tai_Le", "Tai_Tham", "Tai_Viet",
        "Takri", "Tamil", "Tangsa", "Tangut", "Telugu", "Thaana", "Thai", "Tibetan", "Tifinagh", "Tirhuta",
        "Toto", "Ugaritic", "Vai", "Vithkuqi", "Wancho", "Warang_Citi", "Yezidi", "Yi", "Zanabazar_Square",
    ]
}
