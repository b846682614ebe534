"""Numbers written in text, in Arabic or English, read to their values.

Numbers survive translation: "57 member states" is "57 دولة عضوًا", "2.3 billion" is
"2.3 مليار", "five observers" is "خمسة مراقبين". Stories and cross-language origin
matching use them as anchors, so one reader serves every language.
"""

from marsad.numbers.reader import NumberMention, find_numbers, number_values

__all__ = ["NumberMention", "find_numbers", "number_values"]
