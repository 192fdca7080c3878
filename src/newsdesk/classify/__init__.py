"""Classifiers over articles and stories: an article's kind (news report, opinion, ...) and
a story's section (World, Politics, ...). Plain functions over plain values, no store."""
