"""The 56 ethnic groups (民族) as GB 3304 lists them, and the entries rosters add to them.

A roster's 民族 column is a fixed set of choices: the import reads "汉", "汉族" and "Han"
alike, and asks the officer about anything else ("汗族", "穿青人") instead of storing it.
"""
from django.utils.translation import gettext_lazy as _

# GB 3304-1991 order (codes 01–56); the stored value is the Chinese name itself, as every
# roster and every national statistic writes it.
ETHNIC_GROUPS = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族", "侗族", "瑶族",
    "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "高山族", "拉祜族", "水族",
    "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族",
    "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族",
    "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
)
# GB 3304 codes 97 and 98: people whose group is not identified, and naturalised citizens.
OTHER = "其他"
FOREIGN_ORIGIN = "外国血统中国籍人士"

ETHNICITY_CHOICES = [(name, name) for name in ETHNIC_GROUPS] + [
    (OTHER, _("Other (not identified)")), (FOREIGN_ORIGIN, _("Foreign origin, Chinese nationality"))]

# What rosters write besides the names: the short form without 族 is handled by the import.
ETHNICITY_SYNONYMS = {
    "汉": "汉族", "han": "汉族", "蒙": "蒙古族", "蒙族": "蒙古族", "维吾尔": "维吾尔族", "维族": "维吾尔族",
    "朝鲜": "朝鲜族", "哈萨克": "哈萨克族", "柯尔克孜": "柯尔克孜族", "乌孜别克": "乌孜别克族", "俄罗斯": "俄罗斯族",
    "塔塔尔": "塔塔尔族", "其它": OTHER, "未识别民族": OTHER, "未定族称": OTHER, "穿青人": OTHER,
    "穿青": OTHER, "鲜族": "朝鲜族", "其他民族": OTHER, "僜人": OTHER, "夏尔巴人": OTHER, "外国血统": FOREIGN_ORIGIN,
    "入籍": FOREIGN_ORIGIN, "加入中国籍": FOREIGN_ORIGIN,
}
