from extractor.normalize import for_matching, join_lines, nfkc_safe


def test_full_width_and_radicals_fold_for_matching():
    assert for_matching("（穗财社 ⼈⼒资源）") == "(穗财社人力资源)"
    assert for_matching("⻔诊") == "门诊"
    assert for_matching("＞９９％") == ">99%"


def test_unsafe_compatibility_forms_are_kept():
    assert nfkc_safe("面积≥500㎡，温度25℃") == "面积≥500㎡,温度25℃"
    assert nfkc_safe("m²") == "m²"


def test_marks_that_tell_projects_apart_survive():
    assert for_matching("就业补助资金·") != for_matching("就业补助资金")
    assert for_matching("企业离休干部补贴‘") != for_matching("企业离休干部补贴’")


def test_wrapped_cell_lines_join_without_spaces():
    assert join_lines([" 高校毕业生“三支一扶", "”计划补助资金 "]) == "高校毕业生“三支一扶”计划补助资金"
