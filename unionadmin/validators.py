"""Validators for identifiers the state issues."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: the unified social credit code uses 31 characters (no I, O, Z, S, V).
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = [pow(3, i, 31) for i in range(17)]


# GB 32100-2015 (with the later additions A and N): the first character is the registration
# authority, the second the kind of organisation it registers. python-stdnum (cn.uscc) checks
# only length, alphabet and the check character, so the table is the standard's own.
CREDIT_CODE_CATEGORIES = {
    "1": "1239",  # 机构编制: 机关, 事业单位, 编办直管群众团体, 其他
    "2": "19",  # 外交: 外国常驻新闻机构, 其他
    "3": "123459",  # 司法行政: 律所, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
    "4": "19",  # 文化: 外国在华文化中心, 其他
    "5": "1239",  # 民政: 社会团体, 民办非企业单位, 基金会, 其他
    "6": "129",  # 旅游: 外国 / 港澳台旅游部门常驻代表机构, 其他
    "7": "129",  # 宗教: 宗教活动场所, 宗教院校, 其他
    "8": "19",  # 工会: 基层工会, 其他
    "9": "123",  # 工商: 企业, 个体工商户, 农民专业合作社
    "A": "19",  # 中央军委改革和编制办公室: 军队事业单位, 其他
    "N": "1239",  # 农业: 组级, 村级, 乡镇级集体经济组织, 其他
    "Y": "1",  # 其他
}


def normalise_credit_code(value: str) -> str:
    return "".join(str(value or "").split()).upper()


def credit_code_check_character(first17: str) -> str:
    total = sum(CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    code = normalise_credit_code(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d."),
            code="credit_code_length",
            params={"count": len(code)},
        )
    bad = [c for c in code if c not in CREDIT_CODE_ALPHABET]
    if bad:
        raise ValidationError(
            _("“%(char)s” cannot appear in a unified social credit code."),
            code="credit_code_character",
            params={"char": bad[0]},
        )
    categories = CREDIT_CODE_CATEGORIES.get(code[0])
    if categories is None:
        raise ValidationError(
            _("The first character of a unified social credit code names the registering authority "
              "(1–9, A, N or Y); “%(char)s” names none."),
            code="credit_code_authority", params={"char": code[0]},
        )
    if code[1] not in categories:
        raise ValidationError(
            _("The second character of a unified social credit code names the kind of organisation; "
              "“%(code)s” is not a kind the registering authority issues (e.g. 91 a company, 81 a "
              "grassroots union, 12 a public institution)."),
            code="credit_code_category", params={"code": code[:2]},
        )
    if not code[2:8].isdigit():
        raise ValidationError(
            _("Characters 3 to 8 of a unified social credit code are the region code and must be digits."),
            code="credit_code_region",
        )
    expected = credit_code_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("The check character of this unified social credit code is wrong; please check for a typing error."),
            code="credit_code_check",
        )


def validate_mobile(value: str) -> None:
    """Mainland China mobile numbers: 11 digits starting 13–19."""
    if not (len(value) == 11 and value.isdigit() and value[0] == "1" and value[1] in "3456789"):
        raise ValidationError(
            _("Enter an 11-digit mainland mobile number starting with 13–19."), code="mobile"
        )
