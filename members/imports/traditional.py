"""Traditional characters (繁体) read as their Simplified forms, for choice values only.

Rosters from Hong Kong, Macao, Taiwan or an old system write 勞務派遣, 臨時工, 黨員, 漢族. Only
the characters of the words the import knows (its synonym tables, the 56 groups' names, the
choices' Chinese labels) are here: folding a key is then enough to find the word, and no
dependency is needed for a whole converter. Made from OpenCC's TSCharacters (Apache-2.0),
each Traditional character kept only where it has a single Simplified reading.
"""

_TRADITIONAL = (
    "專業東臨義烏鄉產從眾衆會倫黨關內冊農別製務動勞單賣歷參雙臺員團國壯備學爾崗師態無"
    "時機來漢溫灣滿靈點獨瑤電碩離稱約級納統維編網羅羣職緻節薩矇識諾調貨車轉達過進遞鍾"
    "鐘銷錫長門預頗騎鮮龍"
)
_SIMPLIFIED = (
    "专业东临义乌乡产从众众会伦党关内册农别制务动劳单卖历参双台员团国壮备学尔岗师态无"
    "时机来汉温湾满灵点独瑶电硕离称约级纳统维编网罗群职致节萨蒙识诺调货车转达过进递钟"
    "钟销锡长门预颇骑鲜龙"
)
TO_SIMPLIFIED = str.maketrans(_TRADITIONAL, _SIMPLIFIED)


def simplified(text: str) -> str:
    """``text`` with the Traditional characters the import knows written Simplified."""
    return text.translate(TO_SIMPLIFIED)
